package dev.l610.broker;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Works around a message loss of Moquette 0.17 with clean session 0 (issue 13): Moquette numbers the
 * PUBLISHes it sends from 1 on every new connection ({@code MQTTConnection.lastPacketId}) but keeps the
 * in-flight window (unacknowledged QoS 1/2 PUBLISH and PUBREL) in the session, by packet id. After a break,
 * the first message of the resumed session took id 1 and replaced an unacknowledged message 1 of the old
 * connection in that window ({@code Session.sendPublishQos1}: {@code inflightWindow.put}, the old one
 * released): it was never sent again. {@code SessionResumeTest} shows it with raw sockets; mosquitto
 * (the reference in that test) numbers per session.
 *
 * <p>This class, one per broker, remembers the last packet id Moquette wrote in a PUBLISH to each client id
 * ({@link #sent}, from {@link ConnectBarrier#write}; re-sent ones, with DUP, do not count) and, when that client connects again with clean session 0,
 * sets the new connection's counter past it before Moquette sees the CONNECT ({@link #resume}): by
 * Moquette's in-flight window ({@code INFLIGHT_WINDOW_SIZE}, 10) more, for PUBLISHes the old connection had
 * numbered but not yet written. The numbering then runs on over the session as MQTT 3.1.1 expects (packet
 * ids of unacknowledged messages stay theirs). A collision remains possible only when one message stays
 * unacknowledged while 65,535 others go through the same session.
 *
 * <p>Bounded: one entry per client id that connected with clean session 0 (a clean-session-1 CONNECT
 * removes it), as Moquette keeps one session for each of those.
 */
final class PacketIdContinuation {

    private static final int MAX_PACKET_ID = 65535;
    private final Map<String, Integer> lastSent = new ConcurrentHashMap<>();
    private final AttributeKey<Object> connectionKey;
    private final Field lastPacketId;

    PacketIdContinuation() {
        try {
            Class<?> handler = Class.forName("io.moquette.broker.NewNettyMQTTHandler");
            Field key = handler.getDeclaredField("ATTR_KEY_CONNECTION");
            key.setAccessible(true);
            @SuppressWarnings("unchecked")
            AttributeKey<Object> k = (AttributeKey<Object>) key.get(null);
            connectionKey = k;
            lastPacketId = Class.forName("io.moquette.broker.MQTTConnection").getDeclaredField("lastPacketId");
            lastPacketId.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reach Moquette's packet id counter (another Moquette version?)", e);
        }
    }

    /** Moquette wrote a QoS 1/2 PUBLISH with {@code packetId} to {@code clientId}. */
    void sent(String clientId, int packetId) {
        lastSent.put(clientId, packetId);
    }

    /**
     * A CONNECT of {@code clientId} read on {@code channel}, before Moquette handles it: with clean session 0
     * the connection's counter goes on after the session's last id; with clean session 1 the session is new.
     */
    void resume(Channel channel, String clientId, boolean cleanSession) {
        if (clientId == null || clientId.isEmpty()) {
            return; // Moquette makes up an id: a new session
        }
        if (cleanSession) {
            lastSent.remove(clientId);
            return;
        }
        Integer last = lastSent.get(clientId);
        Object connection = channel.attr(connectionKey).get();
        if (last == null || connection == null) {
            return;
        }
        int next = (last - 1 + io.moquette.BrokerConstants.INFLIGHT_WINDOW_SIZE) % MAX_PACKET_ID + 1;
        try {
            ((AtomicInteger) lastPacketId.get(connection)).set(next);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
