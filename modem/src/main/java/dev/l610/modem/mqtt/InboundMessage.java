package dev.l610.modem.mqtt;

/**
 * A message from the broker or gateway. {@link #acknowledge()} sends PUBACK / PUBREC (QoS 1/2); until then
 * the broker keeps the message, which is how a full +MQTTCONF=1 store loses nothing.
 */
public record InboundMessage(Topic topic, int qos, boolean retain, byte[] payload, Runnable acknowledge) {

    public void ack() {
        acknowledge.run();
    }
}
