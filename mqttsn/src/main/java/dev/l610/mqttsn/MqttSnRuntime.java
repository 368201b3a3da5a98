package dev.l610.mqttsn;

import dev.l610.mqttsn.internal.io.EventLoop;

/**
 * The shared machinery behind clients and gateways: one I/O thread running a NIO selector over all
 * their UDP channels, and one timer thread for every retransmission and keep-alive timer. Many
 * thousands of clients can share one runtime; nothing else starts a thread per client.
 *
 * <p>All protocol state of a client or gateway lives on the I/O thread. Listener callbacks and the
 * completion of returned futures run there too: they must not block (use the {@code ...Async}
 * variants of {@code CompletableFuture} to hop to another executor).
 *
 * <p>Closing the runtime closes every channel registered with it; clients and gateways using it
 * stop working (their pending futures fail). Close it after them.
 *
 * <p>Obtain one from {@link #create()}; the interface is not meant to be implemented elsewhere.
 */
public interface MqttSnRuntime extends AutoCloseable {

    /** Starts a runtime whose threads are named {@code mqttsn-io-<n>} and {@code mqttsn-timer-<n>} (daemon threads). */
    static MqttSnRuntime create() {
        return EventLoop.start();
    }

    boolean isClosed();

    /** Stops both threads and closes every registered channel. Idempotent. */
    @Override
    void close();
}
