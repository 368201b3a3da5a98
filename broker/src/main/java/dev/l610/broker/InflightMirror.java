package dev.l610.broker;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Works around Moquette 0.17 not re-sending unacknowledged QoS 1/2 PUBLISH and PUBREL when a clean-session-0
 * client reconnects (MQTT-4.4.0-1; issue 13). Moquette re-sends them only from a timer that fires when the
 * connection has written nothing for 5 s, and only those sent at least 5 s before, so a session that breaks more
 * often than that never gets them again: its in-flight window (10) fills with them and nothing more is sent
 * (the long soak stalled so against the embedded broker, not against mosquitto).
 *
 * <p>One per broker: per client id, a copy of what Moquette wrote and the client has not acknowledged, in order
 * (from {@link ConnectBarrier#write} and the client's PUBACK / PUBREC / PUBCOMP as they go in to Moquette).
 * When a CONNACK with session present goes out, {@link #resend} gives them again, PUBLISH with DUP and PUBREL,
 * with their packet ids, written right after the CONNACK and before anything Moquette sends on the new
 * connection. Moquette's own timer may send them once more later: a QoS 1 duplicate (allowed) or a QoS 2 one
 * the client does not deliver again (MQTT-4.3.3-2).
 *
 * <p>Bounded: at most {@link #MAX_PER_SESSION} entries per client id (Moquette's window is 10; past it the oldest
 * copy goes, Moquette's timer still has it), one map per client id that connected with clean session 0 (only
 * those connections are tracked), as Moquette keeps one session for each.
 */
final class InflightMirror {

    static final int MAX_PER_SESSION = 64;

    /** An unacknowledged PUBLISH (payload kept) or, once the client sent PUBREC, a PUBREL to send again. */
    private record Out(int id, MqttQoS qos, String topic, boolean retain, byte[] payload, boolean released) {
    }

    private final Map<String, LinkedHashMap<Integer, Out>> sessions = new ConcurrentHashMap<>();

    private LinkedHashMap<Integer, Out> session(String clientId) {
        return sessions.computeIfAbsent(clientId, k -> new LinkedHashMap<>());
    }

    /** Moquette wrote a QoS 1/2 PUBLISH to {@code clientId} (a re-sent one, with DUP, keeps its place). */
    void published(String clientId, MqttPublishMessage p) {
        int id = p.variableHeader().packetId();
        Out o = new Out(id, p.fixedHeader().qosLevel(), p.variableHeader().topicName(), p.fixedHeader().isRetain(),
                ByteBufUtil.getBytes(p.content()), false);
        LinkedHashMap<Integer, Out> s = session(clientId);
        synchronized (s) {
            if (p.fixedHeader().isDup() && s.containsKey(id)) {
                return;
            }
            s.remove(id);
            s.put(id, o);
            if (s.size() > MAX_PER_SESSION) {
                Iterator<Integer> oldest = s.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
    }

    /** The client's PUBACK, PUBREC or PUBCOMP for {@code id}, as it goes in to Moquette. */
    void acknowledged(String clientId, MqttMessageType type, int id) {
        LinkedHashMap<Integer, Out> s = sessions.get(clientId);
        if (s == null) {
            return;
        }
        synchronized (s) {
            Out o = s.get(id);
            if (o == null) {
                return;
            }
            if (type == MqttMessageType.PUBREC && o.qos() == MqttQoS.EXACTLY_ONCE) {
                s.put(id, new Out(id, o.qos(), null, false, null, true)); // keeps its place
            } else if (type == MqttMessageType.PUBACK || type == MqttMessageType.PUBCOMP) {
                s.remove(id);
            }
        }
    }

    /** A new session for {@code clientId} (clean session 1, or the broker had none): nothing to send again. */
    void forget(String clientId) {
        sessions.remove(clientId);
    }

    /** What to send again on a resumed session, in the original order: PUBLISH with DUP, PUBREL. */
    List<MqttMessage> resend(String clientId) {
        LinkedHashMap<Integer, Out> s = sessions.get(clientId);
        List<MqttMessage> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        synchronized (s) {
            for (Out o : s.values()) {
                if (o.released()) {
                    out.add(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBREL, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                            MqttMessageIdVariableHeader.from(o.id())));
                } else {
                    out.add(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, true, o.qos(), o.retain(), 0),
                            new MqttPublishVariableHeader(o.topic(), o.id()), Unpooled.wrappedBuffer(o.payload())));
                }
            }
        }
        return out;
    }
}
