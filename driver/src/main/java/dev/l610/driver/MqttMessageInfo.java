package dev.l610.driver;

/**
 * A stored message announced by {@code +MQTTMSGI: <id>,<qos>,<tlength|topic id>,<plength>}
 * ({@link MqttConfMode#STORE}); fetch it with {@link MqttClient#read()}.
 *
 * @param clientId 1, 2, 101 or 102
 * @param qos its QoS
 * @param topicLengthOrId the topic length, or for MQTT-SN predefined topics the topic id
 * @param payloadLength the payload length in bytes
 */
public record MqttMessageInfo(int clientId, Qos qos, int topicLengthOrId, int payloadLength) {
}
