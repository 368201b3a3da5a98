package dev.l610.mqttsn.internal.io;

/** Receives the events of one channel registered with an {@link EventLoop}; called on the I/O thread only. */
public interface DatagramHandler {

    /** The channel has datagrams (or a pending error such as ICMP port unreachable) to read. */
    void onReadable();

    /** The event loop is closing; the channel is closed right after this call. */
    void onLoopClosed();
}
