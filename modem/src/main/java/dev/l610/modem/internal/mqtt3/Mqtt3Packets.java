package dev.l610.modem.internal.mqtt3;

import dev.l610.modem.mqtt.OpenParams;
import dev.l610.modem.mqtt.Will;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribePayload;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The MQTT 3.1.1 packets the client sends, with the fixed-header flags the standard demands. */
final class Mqtt3Packets {

    /** Protocol name and level of MQTT 3.1.1. */
    static final String PROTOCOL = "MQTT";
    static final int LEVEL = 4;

    private Mqtt3Packets() {
    }

    /**
     * CONNECT (§3.1): will and credentials only when set and non-empty (docs/at-reference.md §3); a password without a
     * user name is not sent (MQTT 3.1.1 forbids it).
     */
    static MqttConnectMessage connect(OpenParams p) {
        Will w = p.will();
        boolean user = p.user() != null && !p.user().isEmpty();
        // MQTT-3.1.2-22: no password without a user name
        boolean password = user && p.password() != null && !p.password().isEmpty();
        MqttConnectVariableHeader vh = new MqttConnectVariableHeader(PROTOCOL, LEVEL, user, password,
                w != null && w.retain(), w == null ? 0 : w.qos(), w != null, p.cleanSession(), p.keepAliveSeconds());
        MqttConnectPayload payload = new MqttConnectPayload(p.clientId(),
                w == null ? null : w.topic(), w == null ? null : w.payload(),
                user ? p.user() : null,
                password ? p.password().getBytes(StandardCharsets.ISO_8859_1) : null);
        return new MqttConnectMessage(fixed(MqttMessageType.CONNECT, false, MqttQoS.AT_MOST_ONCE, false), vh, payload);
    }

    static MqttPublishMessage publish(String topic, int qos, boolean retain, boolean dup, int id, byte[] payload) {
        return new MqttPublishMessage(fixed(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(qos), retain),
                new MqttPublishVariableHeader(topic, qos == 0 ? -1 : id), Unpooled.wrappedBuffer(payload));
    }

    static MqttSubscribeMessage subscribe(int id, String filter, int qos) {
        return new MqttSubscribeMessage(fixed(MqttMessageType.SUBSCRIBE, false, MqttQoS.AT_LEAST_ONCE, false),
                MqttMessageIdVariableHeader.from(id),
                new MqttSubscribePayload(List.of(new MqttTopicSubscription(filter, MqttQoS.valueOf(qos)))));
    }

    static MqttUnsubscribeMessage unsubscribe(int id, String filter) {
        return new MqttUnsubscribeMessage(fixed(MqttMessageType.UNSUBSCRIBE, false, MqttQoS.AT_LEAST_ONCE, false),
                MqttMessageIdVariableHeader.from(id), new MqttUnsubscribePayload(List.of(filter)));
    }

    /** PUBACK, PUBREC, PUBREL (flags 0010) or PUBCOMP for {@code id}. */
    static MqttMessage reply(MqttMessageType type, int id) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(fixed(type, false, qos, false), MqttMessageIdVariableHeader.from(id));
    }

    static MqttMessage pingreq() {
        return new MqttMessage(fixed(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false));
    }

    static MqttMessage disconnect() {
        return new MqttMessage(fixed(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false));
    }

    private static MqttFixedHeader fixed(MqttMessageType type, boolean dup, MqttQoS qos, boolean retain) {
        return new MqttFixedHeader(type, dup, qos, retain, 0);
    }
}
