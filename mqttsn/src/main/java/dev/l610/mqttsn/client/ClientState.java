package dev.l610.mqttsn.client;

/** Where a client is in its connection's life. */
public enum ClientState {
    /** Not connected; {@code connect()} may be called. */
    DISCONNECTED,
    /** CONNECT sent, waiting for the will exchange and CONNACK. */
    CONNECTING,
    /** CONNACK accepted. */
    CONNECTED,
    /** {@code disconnect()} called: queued requests finish, then DISCONNECT is sent. */
    DISCONNECTING,
    /**
     * {@code sleep(duration)} accepted (§6.14): the gateway buffers messages for the client, which
     * must {@code wakeUp()} or {@code connect()} within the duration. Only QoS -1 publishes are possible.
     */
    ASLEEP,
    /** {@code wakeUp()} sent PINGREQ with the client id: buffered messages arrive until PINGRESP, then ASLEEP. */
    AWAKE,
    /** {@code close()} called; the socket is released and the client cannot be used again. */
    CLOSED
}
