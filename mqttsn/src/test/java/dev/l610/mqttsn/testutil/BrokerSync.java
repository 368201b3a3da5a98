package dev.l610.mqttsn.testutil;

import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.client.MqttSnClient;
import dev.l610.mqttsn.codec.MqttSnCodec;
import dev.l610.mqttsn.codec.UnsubAck;
import dev.l610.mqttsn.codec.Unsubscribe;

import java.util.concurrent.CompletableFuture;

/**
 * A barrier against a race in the tests' broker, Moquette 0.17 (l610-broker's {@code EmbeddedBroker}):
 * use it between a CONNECT and a first SUBSCRIBE.
 *
 * <p>Moquette runs a CONNECT on one of its session threads. That thread writes the CONNACK, then adds
 * a listener to the write; the listener marks the connection as connected. When Netty finishes the
 * write before the listener is added (for example when the session thread is preempted, as happens on
 * a busy machine), Netty runs the listener later as a task on its I/O thread, and that thread reads
 * input before it runs tasks. A SUBSCRIBE read in that window finds the connection "not connected":
 * Moquette logs {@code SUBSCRIBE received on already closed connection} and closes the TCP connection.
 * (PUBLISH and UNSUBSCRIBE do not check the flag.) The client sees its new connection close; through our
 * gateway, its MQTT-SN client correctly gets DISCONNECT because the broker connection was lost. A loaded
 * machine loses a few connections in a thousand that way, with or without our code.
 *
 * <p>Moquette runs a connection's UNSUBSCRIBE on the same session thread as its CONNECT, in order, and
 * writes the UNSUBACK from there. So the UNSUBACK is queued on Netty's thread after the listener has
 * been added, and it is written after the listener has run. Once an UNSUBACK for {@link #FILTER} has
 * come back (MQTT 3.1.1 §3.10.4: the server answers even for a filter nobody subscribed to), a SUBSCRIBE
 * is safe. This is a causal barrier, not a delay. Remove it once the embedded broker no longer has the race.
 */
public final class BrokerSync {

    /** A filter no test subscribes to. */
    public static final String FILTER = "l610-test/broker-sync";

    private BrokerSync() {
    }

    /** Through the gateway: completes when the broker has answered the UNSUBSCRIBE. */
    public static CompletableFuture<Void> after(MqttSnClient c) {
        return c.unsubscribe(Topic.name(FILTER));
    }

    /** The barrier for a raw MQTT-SN client: this UNSUBSCRIBE frame, then wait for {@link #unsubAck(int)}. */
    public static byte[] unsubscribe(int msgId) {
        return MqttSnCodec.encode(Unsubscribe.ofName(msgId, FILTER));
    }

    public static byte[] unsubAck(int msgId) {
        return MqttSnCodec.encode(new UnsubAck(msgId));
    }
}
