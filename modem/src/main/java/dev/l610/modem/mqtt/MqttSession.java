package dev.l610.modem.mqtt;

import java.util.concurrent.CompletableFuture;

/**
 * One connection of an AT client id to a broker (MQTT 3.1.1, ids 1-2) or gateway (MQTT-SN, ids 101-102).
 * Futures complete on the transport's threads; the modem moves them onto its serial executor.
 */
public interface MqttSession {

    /** Completes with the CONNACK return code (0 accepted, 1..5 refused); exceptionally on timeout or I/O error. */
    CompletableFuture<Integer> connect();

    /** Completes true when SUBACK grants the subscription, false when it refuses it. */
    CompletableFuture<Boolean> subscribe(Topic topic, int qos);

    CompletableFuture<Boolean> unsubscribe(Topic topic);

    /** Completes true after PUBACK (QoS 1), PUBCOMP (QoS 2) or the write (QoS 0). */
    CompletableFuture<Boolean> publish(Topic topic, int qos, boolean retain, byte[] payload);

    /** Graceful close: DISCONNECT, so the broker drops the will. */
    CompletableFuture<Void> disconnect();

    /** Ungraceful: the connection vanishes (radio or link lost); the broker sends the will. */
    void abort();

    /**
     * Stops ({@code true}) or restarts reading from the broker: used when the +MQTTCONF=1 store has
     * {@code MessageStore.MAX_WITHHELD} unacknowledged messages waiting. While paused the keepalive does
     * not count the broker's silence. Default: nothing (MQTT-SN refuses messages instead).
     */
    default void pauseReading(boolean paused) {
    }

    /** Events of a session: may be called on any thread. */
    interface Events {
        void onMessage(InboundMessage message);

        /** The connection was lost without {@link #disconnect()} or {@link #abort()}. */
        void onLost(Throwable cause);
    }

    /** Creates sessions for one client id. */
    @FunctionalInterface
    interface Factory {
        /** @param address the broker or gateway, resolved from {@code params.host()} off the event loop */
        MqttSession create(int clientId, OpenParams params, java.net.InetSocketAddress address, Events events);
    }
}
