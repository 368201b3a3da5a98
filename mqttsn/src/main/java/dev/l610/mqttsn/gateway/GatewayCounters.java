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
 * @param connectsRefused    CONNECTs answered "rejected: congestion" because the gateway had
 *                           {@code maxSessions} sessions (no broker connection was made)
 * @param qos0Dropped        QoS 0 messages from the broker dropped over a client's queue limit
 * @param queueRefused       QoS 1/2 messages from the broker not taken over a client's queue limit
 *                           (left unacknowledged: the broker keeps them)
 * @param topicsRefused      REGISTER / SUBSCRIBE refused, and broker messages not delivered, because
 *                           the client had {@code maxTopicsPerSession} topic ids
 */
public record GatewayCounters(long datagramsIn, long datagramsOut, long decodeErrors, long dropped,
                              long retransmissions, long sessionsOpened, long sessionsLost,
                              long publishesToBroker, long publishesToClients, long connectsRefused,
                              long qos0Dropped, long queueRefused, long topicsRefused) {
}
