package dev.l610.driver;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The will message set by {@code AT+MQTTWILL} before opening.
 *
 * @param topic will topic name
 * @param qos will QoS
 * @param retain retain flag
 * @param payload 0..1024 bytes; sent inline when printable and short, else with the {@code >} data form
 */
public record MqttWill(String topic, Qos qos, boolean retain, byte[] payload) {

    public MqttWill {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(payload, "payload");
    }

    public static MqttWill of(String topic, Qos qos, boolean retain, String payloadUtf8) {
        return new MqttWill(topic, qos, retain, payloadUtf8.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqttWill w && w.topic.equals(topic) && w.qos == qos && w.retain == retain
                && Arrays.equals(w.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, qos, retain, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "MqttWill[topic=" + topic + ", qos=" + qos + ", retain=" + retain + ", payload=" + payload.length + " bytes]";
    }
}
