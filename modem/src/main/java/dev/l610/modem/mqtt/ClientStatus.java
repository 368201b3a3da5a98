package dev.l610.modem.mqtt;

/**
 * A snapshot of one AT client id.
 *
 * @param state IDLE, OPENING, OPEN or CLOSING
 * @param stored messages in the +MQTTCONF=1 store
 * @param withheld QoS 1/2 messages not acknowledged because the store is full
 * @param qos0Dropped QoS 0 messages dropped because the store was full
 */
public record ClientStatus(int id, String state, long messagesIn, long messagesOut, long breaks, int stored,
                           int withheld, long qos0Dropped) {
}
