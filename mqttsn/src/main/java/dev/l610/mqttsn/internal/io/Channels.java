package dev.l610.mqttsn.internal.io;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Opens datagram channels without blocking an event loop: on the channel's own loop every step
 * (register, bind, connect) completes at once; from any other thread the caller waits for it.
 */
public final class Channels {

    private Channels() {
    }

    /**
     * A new, unregistered channel of the runtime's class, reading with {@code receive} (see {@link Datagrams}).
     * For an IPv4 address it is an IPv4 socket when the class can make one (NIO and epoll can), not a
     * dual-stack IPv6 socket: plain IPv4 costs less per datagram.
     */
    public static DatagramChannel newChannel(Class<? extends DatagramChannel> type, InetAddress address,
                                             RecvByteBufAllocator receive) {
        DatagramChannel ch = address instanceof Inet4Address ? ipv4(type) : null;
        if (ch == null) {
            ch = new ReflectiveChannelFactory<>(type).newChannel();
        }
        ch.config().setRecvByteBufAllocator(receive);
        return ch;
    }

    @SuppressWarnings("deprecation") // InternetProtocolFamily: the constructors NIO and epoll have in Netty 4.1
    private static DatagramChannel ipv4(Class<? extends DatagramChannel> type) {
        try {
            return type.getConstructor(InternetProtocolFamily.class).newInstance(InternetProtocolFamily.IPv4);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // no such constructor, or no IPv4-only sockets here: the class's default
        }
    }

    /**
     * Registers {@code ch} with {@code loop} and binds it to {@code local}, then connects it to
     * {@code remote} unless that is {@code null}. Closes the channel when a step fails.
     *
     * @throws UncheckedIOException     when binding or connecting fails
     * @throws IllegalArgumentException when the channel class does not fit the loop
     */
    public static void open(DatagramChannel ch, EventLoop loop, InetSocketAddress local, InetSocketAddress remote) {
        ChannelFuture reg = loop.register(ch);
        await(reg, loop);
        if (!reg.isSuccess()) {
            ch.unsafe().closeForcibly();
            throw new IllegalArgumentException("cannot register a " + ch.getClass().getSimpleName() + " with "
                    + loop.getClass().getSimpleName() + ": " + reg.cause().getMessage(), reg.cause());
        }
        ChannelFuture f = remote == null ? ch.bind(local) : ch.connect(remote, local);
        await(f, loop);
        if (!f.isSuccess()) {
            ch.close();
            Throwable c = f.cause();
            String what = remote == null ? "bind " + local : "open a UDP socket on " + local + " to " + remote;
            throw new UncheckedIOException("cannot " + what + ": " + c.getMessage(),
                    c instanceof IOException io ? io : new IOException(c));
        }
    }

    private static void await(ChannelFuture f, EventLoop loop) {
        if (f.isDone()) {
            return;
        }
        if (loop.inEventLoop()) {
            throw new IllegalStateException("a datagram channel step did not complete on its own event loop");
        }
        f.awaitUninterruptibly();
    }

    /** The channel's bound address, or {@code fallback} when it has none. */
    public static InetSocketAddress localAddress(Channel ch, InetSocketAddress fallback) {
        return ch.localAddress() instanceof InetSocketAddress a ? a : fallback;
    }
}
