package dev.l610.mqttsn.client;

import dev.l610.mqttsn.internal.client.ClientSession;

/**
 * The clean-session-0 state of one client id, for a caller that builds a new {@link MqttSnClient} for every
 * connection (as the modem does) and wants the session to go on: give the same instance to each client's
 * builder ({@link MqttSnClientBuilder#session}). It holds the QoS 1/2 publishes taken and not completed
 * (sent again on the next connection, PUBLISH with DUP and the same MsgId, or PUBREL, before anything new),
 * the incoming QoS 2 MsgIds awaiting PUBREL (a copy sent again is answered PUBREC and not delivered twice),
 * and the MsgId counter. A client with clean session 1 clears it when it connects and when its connection
 * ends. Without one, each client has its own (kept over its own reconnects).
 *
 * <p>Use it with one client at a time, on that client's event loop (the clients of one caller share a loop).
 */
public final class MqttSnSession {

    final ClientSession state = new ClientSession();

    /** QoS 1/2 publishes taken and not yet completed (at most {@value ClientSession#MAX_OUTGOING}). */
    public int outgoing() {
        return state.outgoing();
    }

    /** Incoming QoS 2 messages delivered (PUBREC sent) and not yet released by PUBREL. */
    public int awaitingRelease() {
        return state.awaitingRelease();
    }

    /** Forgets everything (a new session), e.g. after a reset. On the clients' event loop. */
    public void clear() {
        state.clear();
    }
}
