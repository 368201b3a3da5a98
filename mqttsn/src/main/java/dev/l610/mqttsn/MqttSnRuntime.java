package dev.l610.mqttsn;

import dev.l610.mqttsn.internal.io.NettyRuntime;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;

/**
 * The threads behind clients and gateways: a Netty {@link EventLoopGroup}. Each client and gateway
 * has one {@code DatagramChannel} on one {@link io.netty.channel.EventLoop} of the group, and that loop
 * runs everything of it: datagrams, retransmission and keep-alive timers, listener callbacks and the
 * completion of returned futures. So their state needs no locks, and many thousands of clients share
 * a few threads. Callbacks must not block (use the {@code ...Async} stages of
 * {@code CompletableFuture} to continue elsewhere).
 *
 * <p>Either the runtime owns a small group ({@link #create()}), or it uses a group the application
 * already runs ({@link #of}), e.g. so that a client runs on the same loop as the rest of a device.
 *
 * <p>Closing the runtime closes every client and gateway built on it (their pending futures fail);
 * close it after them. Obtain one from {@link #create()} or {@link #of}; the interface is not meant to
 * be implemented elsewhere.
 */
public interface MqttSnRuntime extends AutoCloseable {

    /**
     * A runtime with its own group: one event loop on a daemon thread named {@code mqttsn-<n>-1}, epoll
     * (Linux native transport) where available, else NIO (also with {@code -Dl610.nio=true});
     * {@link #close()} shuts it down.
     */
    static MqttSnRuntime create() {
        return NettyRuntime.own(1);
    }

    /** Like {@link #create()} with {@code threads} event loops (clients are spread over them round robin). */
    static MqttSnRuntime create(int threads) {
        return NettyRuntime.own(threads);
    }

    /**
     * A runtime on a group the caller owns: channels are of {@code channelClass}, which must fit the
     * group (e.g. {@code NioDatagramChannel} for a {@code NioEventLoopGroup}, {@code EpollDatagramChannel}
     * for an {@code EpollEventLoopGroup}). {@link #close()} closes the clients and gateways built on
     * this runtime but leaves the group running.
     */
    static MqttSnRuntime of(EventLoopGroup group, Class<? extends DatagramChannel> channelClass) {
        return NettyRuntime.shared(group, channelClass);
    }

    /** The event loops clients and gateways of this runtime run on (unless pinned elsewhere). */
    EventLoopGroup group();

    boolean isClosed();

    /**
     * Closes every client and gateway built on this runtime, each on its own loop, then shuts the group
     * down when the runtime created it. Idempotent.
     */
    @Override
    void close();
}
