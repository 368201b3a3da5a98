package dev.l610.mqttsn.gateway;

/**
 * A snapshot of a gateway's counters since it started.
 *
 * @param datagramsIn        datagrams received
 * @param datagramsOut       messages sent to clients (retransmissions included)
 * @param decodeErrors       datagrams that were not valid MQTT-SN
 * @param dropped            datagrams or messages discarded: undecodable, unexpected, unknown
 *                           sender, QoS -1 publishes, QoS 0 messages over a client's queue limit
 * @param retransmissions    messages sent again to clients after Tretry (WILLTOPICREQ, WILLMSGREQ,
 *                           REGISTER, PUBLISH with DUP, PUBREL)
 * @param sessionsOpened     CONNACKs accepted
 * @param sessionsLost       sessions ended without DISCONNECT: keep-alive expired, retries exhausted,
 *                           broker connection lost
 * @param publishesToBroker  PUBLISH messages forwarded from clients to the broker
 * @param publishesToClients PUBLISH messages forwarded from the broker to clients (first sends)
 */
public record GatewayCounters(long datagramsIn, long datagramsOut, long decodeErrors, long dropped,
                              long retransmissions, long sessionsOpened, long sessionsLost,
                              long publishesToBroker, long publishesToClients) {
}
