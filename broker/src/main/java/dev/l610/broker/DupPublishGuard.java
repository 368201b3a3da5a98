package dev.l610.broker;

import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.util.AttributeKey;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Works around a fault of Moquette 0.17 that stopped the whole broker for the clients of one session thread
 * (issue 13, found by the long soak with seed 7): a QoS 1/2 PUBLISH from a client with DUP set is routed only
 * to the subscribers that failed the first time ({@code PostOffice.receivedPublishQos1}: {@code isDup} ->
 * {@code failedPublishes.listFailed}). When none failed, which is the usual case (the first copy went through
 * and the PUBACK was lost in a break, so the client sends it again as MQTT-4.4.0-1 asks), that set is empty,
 * no subscriber is left, and {@code payload.retain(0)} throws: the exception ends Moquette's session thread,
 * and every client whose session runs there gets no CONNACK, PUBACK or message from then on.
 *
 * <p>{@link #undup} clears the DUP flag of such a PUBLISH when Moquette holds no failed deliveries for its packet
 * id, before Moquette sees it: it is routed as a new one. For QoS 1 that may deliver it once more (allowed). A
 * QoS 2 PUBLISH whose packet id Moquette already has from this client (given to it, no PUBCOMP written since)
 * was routed when it came first: the barrier answers the copy with PUBREC itself and Moquette does not see it
 * (exactly once; the soak's short run delivered one twice when the copy was routed as new). When Moquette does
 * hold failed deliveries (a subscriber's queue was full), the DUP stays and Moquette re-routes to those only,
 * as it meant to.
 *
 * <p>Bounded: per client id the packet ids of QoS 2 PUBLISHes between the PUBLISH and Moquette's PUBCOMP (at most
 * 65,535); a client's clean-session-1 CONNECT forgets them.
 */
final class DupPublishGuard {

    private final AttributeKey<Object> connectionKey;
    private final Field postOffice;
    private final Field failedPublishes;
    private final Method listFailed;
    private final java.util.Map<String, Set<Integer>> qos2 = new java.util.concurrent.ConcurrentHashMap<>();

    DupPublishGuard() {
        try {
            Field key = Class.forName("io.moquette.broker.NewNettyMQTTHandler").getDeclaredField("ATTR_KEY_CONNECTION");
            key.setAccessible(true);
            @SuppressWarnings("unchecked")
            AttributeKey<Object> k = (AttributeKey<Object>) key.get(null);
            connectionKey = k;
            postOffice = Class.forName("io.moquette.broker.MQTTConnection").getDeclaredField("postOffice");
            postOffice.setAccessible(true);
            failedPublishes = Class.forName("io.moquette.broker.PostOffice").getDeclaredField("failedPublishes");
            failedPublishes.setAccessible(true);
            listFailed = Class.forName("io.moquette.broker.PostOffice$FailedPublishCollection")
                    .getDeclaredMethod("listFailed", String.class, int.class);
            listFailed.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reach Moquette's failed publishes (another Moquette version?)", e);
        }
    }

    /**
     * {@code p} as Moquette should see it: without DUP unless Moquette has failed deliveries to retry for it; null
     * for a QoS 2 copy Moquette already has (the caller answers PUBREC and releases {@code p}).
     */
    MqttPublishMessage undup(Channel channel, String clientId, MqttPublishMessage p) {
        MqttFixedHeader h = p.fixedHeader();
        if (h.qosLevel().value() == 0 || p.variableHeader() == null || clientId == null) {
            return p;
        }
        int id = p.variableHeader().packetId();
        if (h.qosLevel().value() == 2 && !qos2.computeIfAbsent(clientId, k -> ConcurrentHashMap.newKeySet()).add(id)) {
            return h.isDup() && !failedFor(channel, clientId, id) ? null : p;
        }
        if (!h.isDup() || failedFor(channel, clientId, id)) {
            return p;
        }
        return new MqttPublishMessage(new MqttFixedHeader(h.messageType(), false, h.qosLevel(), h.isRetain(), h.remainingLength()),
                p.variableHeader(), p.payload());
    }

    /** Moquette wrote PUBCOMP {@code id} to {@code clientId}: that QoS 2 exchange is over. */
    void completed(String clientId, int id) {
        Set<Integer> ids = clientId == null ? null : qos2.get(clientId);
        if (ids != null) {
            ids.remove(id);
        }
    }

    /** A clean-session-1 CONNECT of {@code clientId}: a new session. */
    void forget(String clientId) {
        if (clientId != null) {
            qos2.remove(clientId);
        }
    }

    private boolean failedFor(Channel channel, String clientId, int packetId) {
        Object connection = channel.attr(connectionKey).get();
        if (connection == null || clientId == null) {
            return false;
        }
        try {
            Set<?> failed = (Set<?>) listFailed.invoke(failedPublishes.get(postOffice.get(connection)), clientId, packetId);
            return failed != null && !failed.isEmpty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
