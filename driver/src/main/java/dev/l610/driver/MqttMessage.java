package dev.l610.driver;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A received message, from {@code +MQTTMSG} or {@code +MQTTREAD}. The payload holds the bytes exactly as
 * the modem wrote them (it writes payloads raw: one character, one byte).
 *
 * @param clientId 1, 2, 101 or 102
 * @param qos the QoS it was delivered with
 * @param topic its topic name, or its topic id (MQTT-SN)
 * @param payload the payload bytes (the array is not copied: do not change it)
 */
public record MqttMessage(int clientId, Qos qos, MqttTopic topic, byte[] payload) {

    public MqttMessage {
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }

    /** The payload decoded as UTF-8. */
    public String payloadUtf8() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqttMessage m && m.clientId == clientId && m.qos == qos && m.topic.equals(topic)
                && Arrays.equals(m.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientId, qos, topic, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "MqttMessage[clientId=" + clientId + ", qos=" + qos + ", topic=" + topic + ", payload="
                + payload.length + " bytes]";
    }
}
