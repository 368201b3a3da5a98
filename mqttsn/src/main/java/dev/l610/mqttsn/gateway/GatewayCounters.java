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
 * @param minusOnePublishes  QoS -1 PUBLISH messages (§6.8, from clients without a connection)
 *                           forwarded to the broker
 * @param minusOneDropped    QoS -1 PUBLISH messages not forwarded: a normal topic id (only
 *                           predefined ids and short names are possible without a connection), an
 *                           unknown predefined id, or the broker not reachable
 * @param retriesExhausted   clients given up after Nretry retransmissions without an answer (§6.13):
 *                           their broker connection closed, their will published; also in
 *                           {@code sessionsLost}
 * @param congestionBackoffs PUBLISH messages a client answered "rejected: congestion" (its store is
 *                           full): delivery to that client paused and the message offered again later
 * @param sleeps             DISCONNECT with a sleep duration accepted (§6.14)
 * @param wakeups            PINGREQ with the client id from a sleeping client (§6.14), answered with
 *                           its buffered messages and PINGRESP
 * @param sleepDropped       QoS 0 messages for a sleeping client dropped over its buffer limit
 * @param willUpdates        WILLTOPICUPD and WILLMSGUPD accepted (§6.4)
 * @param sessionsResumed    clean-session-0 CONNECTs that continued the client's session and its broker
 *                           connection (the client came back before it was found lost); not in
 *                           {@code sessionsOpened}
 */
public record GatewayCounters(long datagramsIn, long datagramsOut, long decodeErrors, long dropped,
                              long retransmissions, long sessionsOpened, long sessionsLost,
                              long publishesToBroker, long publishesToClients, long connectsRefused,
                              long qos0Dropped, long queueRefused, long topicsRefused, long minusOnePublishes,
                              long minusOneDropped, long retriesExhausted, long congestionBackoffs, long sleeps,
                              long wakeups, long sleepDropped, long willUpdates, long sessionsResumed) {

    /** All zero: a gateway not started yet. */
    public static GatewayCounters zero() {
        return new GatewayCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
