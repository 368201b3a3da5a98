package dev.l610.modem.mqtt;

/** A will set by +MQTTWILL: sent with the next CONNECT of that client. */
public record Will(String topic, int qos, boolean retain, byte[] payload) {
}
