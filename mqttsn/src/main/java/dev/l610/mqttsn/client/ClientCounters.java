package dev.l610.mqttsn.client;

/**
 * A snapshot of a client's counters since it was built.
 *
 * @param messagesOut      MQTT-SN messages written to the socket (retransmissions included)
 * @param messagesIn       datagrams received that decoded as MQTT-SN messages
 * @param retransmissions  messages sent again after Tretry expired (PUBLISH, SUBSCRIBE with DUP set)
 * @param dropped          datagrams or messages discarded: undecodable, unexpected in the current
 *                         state, PUBLISH to an unknown topic id, refused QoS 0, listener failures,
 *                         and sends the socket did not take
 * @param decodeErrors     datagrams that were not valid MQTT-SN (also counted in {@code dropped})
 * @param delivered        messages handed to the listener and accepted
 * @param refused          QoS 1/2 messages the listener refused (left unacknowledged)
 * @param duplicates       QoS 2 retransmissions recognised by MsgId and not delivered again
 */
public record ClientCounters(long messagesOut, long messagesIn, long retransmissions, long dropped,
                             long decodeErrors, long delivered, long refused, long duplicates) {
}
