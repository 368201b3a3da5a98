package dev.l610.mqttsn.internal.io;

import dev.l610.mqttsn.MqttSnRuntime;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link MqttSnRuntime}: a Netty {@link EventLoopGroup} (its own, or one it was given) and the
 * datagram channel class that fits it. Remembers the channels of the clients and gateways built on
 * it, so that {@link #close()} can close them, each on its own event loop.
 */
public final class NettyRuntime implements MqttSnRuntime {

    private static final AtomicInteger COUNT = new AtomicInteger();

    private final EventLoopGroup group;
    private final Class<? extends DatagramChannel> channelClass;
    private final boolean ownsGroup;
    private final Map<Channel, Runnable> closers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private NettyRuntime(EventLoopGroup group, Class<? extends DatagramChannel> channelClass, boolean ownsGroup) {
        this.group = group;
        this.channelClass = channelClass;
        this.ownsGroup = ownsGroup;
    }

    /**
     * A runtime with its own group of {@code threads} daemon threads {@code mqttsn-<n>-<i>}, shut down
     * by {@link #close()}: epoll (Linux native transport) where available, NIO otherwise or when the
     * system property {@code l610.nio} is {@code true}.
     */
    public static NettyRuntime own(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        DefaultThreadFactory f = new DefaultThreadFactory("mqttsn-" + COUNT.incrementAndGet(), true);
        if (Epoll.isAvailable() && !Boolean.getBoolean("l610.nio")) {
            return new NettyRuntime(new EpollEventLoopGroup(threads, f), EpollDatagramChannel.class, true);
        }
        return new NettyRuntime(new NioEventLoopGroup(threads, f), NioDatagramChannel.class, true);
    }

    /** A runtime on a group someone else owns; {@link #close()} leaves the group running. */
    public static NettyRuntime shared(EventLoopGroup group, Class<? extends DatagramChannel> channelClass) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(channelClass, "channelClass");
        if (group.isShuttingDown()) {
            throw new IllegalArgumentException("the event loop group is shut down");
        }
        return new NettyRuntime(group, channelClass, false);
    }

    @Override
    public EventLoopGroup group() {
        return group;
    }

    /** The loop for a new client or gateway that was not pinned to one (round robin). */
    public EventLoop next() {
        return group.next();
    }

    public Class<? extends DatagramChannel> channelClass() {
        return channelClass;
    }

    /**
     * Remembers a channel: on {@link #close()} {@code closer} runs on the channel's loop (it closes the
     * channel). Forgotten once the channel is closed.
     */
    public void track(Channel channel, Runnable closer) {
        closers.put(channel, closer);
        channel.closeFuture().addListener(f -> closers.remove(channel));
        if (closed) {
            closeOne(channel, closer);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closers.forEach(NettyRuntime::closeOne);
        if (ownsGroup) {
            // quiet period 0: tasks already queued (the closers) still run before the threads end
            Future<?> done = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            if (!inGroup()) {
                done.awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
    }

    private boolean inGroup() {
        for (EventExecutor e : group) {
            if (e.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    private static void closeOne(Channel ch, Runnable closer) {
        if (!Loops.execute(ch.eventLoop(), closer)) {
            ch.close();
        }
    }

    @Override
    public String toString() {
        return "MqttSnRuntime[" + group.getClass().getSimpleName() + ", " + channelClass.getSimpleName()
                + (ownsGroup ? ", own group" : ", shared group") + (closed ? ", closed" : "") + "]";
    }
}
