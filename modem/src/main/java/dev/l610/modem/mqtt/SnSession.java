package dev.l610.modem.mqtt;

import dev.l610.mqttsn.MqttSnRuntime;
import dev.l610.mqttsn.client.IncomingMessage;
import dev.l610.mqttsn.client.MqttSnClient;
import dev.l610.mqttsn.client.MqttSnClientListener;
import dev.l610.mqttsn.client.MqttSnSession;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;

/**
 * MQTT-SN 1.2 for client ids 101 and 102, on the project's own client (module mqttsn): UDP to the
 * gateway named in +MQTTOPEN, on the shared MQTT-SN runtime (no thread per client).
 *
 * <p>The client wants to know at once whether a QoS 1/2 message is accepted; a full +MQTTCONF=1 store
 * refuses it ({@code room}), so the gateway keeps it and sends it again after Tretry.
 */
public final class SnSession implements MqttSession {

    /** MQTT-SN CONNACK codes are not MQTT's: they are reported as 100 + code, never as +CME ERROR: 70x. */
    public static final int SN_RETURN_CODE_OFFSET = 100;

    private final MqttSnClient client;
    private volatile boolean ending;

    /**
     * @param loop the modem's event loop: the client's datagram channel, timers and callbacks run there
     * @param gateway the gateway's address, already resolved
     * @param pathHandler the modem's radio-path faults, first in the datagram pipeline
     * @param room says, for a payload+topic size, whether the modem can take a message now (asked on the
     *             modem's loop, where the store lives: no race between the check and the store)
     * @param session the client id slot's MQTT-SN session state, kept over breaks and closes like the MQTT
     *                session of ids 1/2 (docs/at-reference.md §4): with clean session 0 the publishes not
     *                completed are sent again on the next connection, incoming QoS 2 ids are remembered
     */
    public SnSession(OpenParams params, Events events, MqttSnRuntime runtime, io.netty.channel.EventLoop loop,
                     java.net.InetSocketAddress gateway, java.util.function.Supplier<io.netty.channel.ChannelHandler> pathHandler,
                     Duration tRetry, int nRetry, IntPredicate room, MqttSnSession session) {
        var b = MqttSnClient.builder()
                .gateway(gateway)
                .eventLoop(loop)
                .pathHandler(pathHandler)
                .clientId(params.clientId())
                .cleanSession(params.cleanSession())
                .keepAlive(Duration.ofSeconds(params.keepAliveSeconds()))
                .retry(tRetry, nRetry)
                .runtime(runtime)
                .session(session)
                .listener(new MqttSnClientListener() {
                    @Override
                    public boolean onMessage(IncomingMessage m) {
                        Topic t = topic(m.topic());
                        if (m.qos() > 0 && !room.test(t.length() + m.payload().length)) {
                            return false;
                        }
                        events.onMessage(new InboundMessage(t, m.qos(), m.retain(), m.payload(), () -> { }));
                        return true;
                    }

                    @Override
                    public void onConnectionLost(Throwable cause) {
                        if (!ending) {
                            events.onLost(cause);
                        }
                    }
                });
        Will w = params.will();
        if (w != null) {
            b.will(w.topic(), w.qos(), w.retain(), w.payload());
        }
        this.client = b.build();
    }

    @Override
    public CompletableFuture<Integer> connect() {
        return client.connect().thenApply(r -> r.isAccepted() ? 0 : SN_RETURN_CODE_OFFSET + r.returnCode().code());
    }

    @Override
    public CompletableFuture<Boolean> subscribe(Topic topic, int qos) {
        return client.subscribe(sn(topic), qos).thenApply(r -> r.isSuccess());
    }

    @Override
    public CompletableFuture<Boolean> unsubscribe(Topic topic) {
        return client.unsubscribe(sn(topic)).thenApply(v -> true);
    }

    @Override
    public CompletableFuture<Boolean> publish(Topic topic, int qos, boolean retain, byte[] payload) {
        return client.publish(sn(topic), qos, retain, payload).thenApply(v -> true);
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        ending = true;
        return client.disconnect().whenComplete((v, e) -> client.close());
    }

    @Override
    public void abort() {
        ending = true;
        client.close(); // no DISCONNECT: the gateway finds the silence and the broker sends the will
    }

    private static dev.l610.mqttsn.Topic sn(Topic t) {
        if (t instanceof Topic.Name n) {
            return dev.l610.mqttsn.Topic.name(n.name());
        }
        if (t instanceof Topic.Predefined p) {
            return dev.l610.mqttsn.Topic.predefined(p.id());
        }
        return dev.l610.mqttsn.Topic.shortName(((Topic.Short) t).name());
    }

    private static Topic topic(dev.l610.mqttsn.Topic t) {
        if (t instanceof dev.l610.mqttsn.Topic.Named n) {
            return new Topic.Name(n.name());
        }
        if (t instanceof dev.l610.mqttsn.Topic.Predefined p) {
            return new Topic.Predefined(p.id());
        }
        return new Topic.Short(((dev.l610.mqttsn.Topic.Short) t).name());
    }
}
