package dev.l610.mqttsn.client;

/**
 * Receives what the gateway sends on its own: messages and the loss of the connection. Called on the
 * client's event loop, the one given to {@link MqttSnClientBuilder#eventLoop} (else the runtime's loop
 * the client got), one call at a time per client, never concurrently with the client's other work: do
 * not block in it. A caller that lives on the same loop may therefore decide in {@link #onMessage}
 * from its own state (e.g. whether its store has room) without locks and without a race.
 */
public interface MqttSnClientListener {

    /**
     * A PUBLISH arrived. Return {@code true} to accept it: a QoS 1 message is then acknowledged
     * (PUBACK), a QoS 2 message received (PUBREC) and never delivered again for this MsgId.
     *
     * <p>Return {@code false} to refuse it, e.g. while your store is full: the client answers PUBACK
     * "rejected: congestion" (§5.3.10), so the gateway keeps the message and offers it again later
     * (ours after Tretry, then backing off up to 8 x Tretry, with DUP set; without counting towards its
     * Nretry, so a full store does not make the client "lost"), and this method is called again for
     * it; for QoS 2 nothing is remembered until you accept it. Refusing a QoS 0
     * message drops it (it is counted in {@link ClientCounters#dropped()}).
     *
     * <p>An exception thrown here is logged and counted as dropped, and the message is treated as
     * accepted, so that one bad message cannot loop forever.
     */
    default boolean onMessage(IncomingMessage message) {
        return true;
    }

    /**
     * The connection ended without {@link MqttSnClient#disconnect()}: the gateway did not answer after
     * Nretry retransmissions (cause {@link MqttSnTimeoutException}), sent DISCONNECT, or its port is
     * unreachable (cause {@link MqttSnConnectionLostException}). Called once per connection; the
     * client is then {@link ClientState#DISCONNECTED} and may {@code connect()} again.
     */
    default void onConnectionLost(Throwable cause) {
    }
}
