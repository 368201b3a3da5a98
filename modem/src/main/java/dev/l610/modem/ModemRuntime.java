package dev.l610.modem;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that many modems share: one Netty {@link EventLoopGroup} (epoll where available, NIO
 * otherwise) and a small bounded pool for the few things that block (DNS look-ups, files).
 *
 * <p>Each modem is pinned to one {@link EventLoop} of the group ({@link #nextLoop()}), which runs all its
 * events: host bytes, its MQTT and MQTT-SN channels and its timers, one at a time, so a modem's state
 * needs no locks. No thread per modem or per connection: threads are flat in the number of modems.
 */
public final class ModemRuntime implements AutoCloseable {

    /** Queued blocking tasks at most; beyond that a task is refused (its caller answers a failure). */
    static final int BLOCKING_QUEUE = 4096;

    private final EventLoopGroup group;
    private final boolean epoll;
    private final ThreadPoolExecutor blocking;
    private volatile dev.l610.mqttsn.MqttSnRuntime sn;

    private ModemRuntime(int threads) {
        this.epoll = Epoll.isAvailable() && !Boolean.getBoolean("l610.nio");
        DefaultThreadFactory loops = new DefaultThreadFactory("l610-loop", true);
        this.group = epoll ? new EpollEventLoopGroup(threads, loops) : new NioEventLoopGroup(threads, loops);
        this.blocking = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(BLOCKING_QUEUE),
                new DefaultThreadFactory("l610-blocking", true));
        this.blocking.allowCoreThreadTimeOut(true);
        blocking.execute(ModemRuntime::preload);
    }

    /**
     * Loads the classes of a first broker connection in the background, so the first AT+MQTTOPEN of a
     * fresh process does not pay for them on the modem's loop (half a second or more on a busy box).
     */
    private static void preload() {
        ClassLoader cl = ModemRuntime.class.getClassLoader();
        for (String name : new String[] {"dev.l610.modem.internal.mqtt3.Mqtt3Connection", "dev.l610.modem.internal.mqtt3.Mqtt3Packets",
                "io.netty.handler.codec.mqtt.MqttDecoder", "io.netty.handler.codec.mqtt.MqttEncoder",
                "io.netty.handler.codec.mqtt.MqttMessageBuilders", "io.netty.handler.flush.FlushConsolidationHandler",
                "io.netty.handler.timeout.IdleStateHandler", "io.netty.bootstrap.Bootstrap",
                "dev.l610.modem.internal.net.StreamFaultHandler", "dev.l610.modem.mqtt.SnSession"}) {
            try {
                Class.forName(name, true, cl);
            } catch (ClassNotFoundException | LinkageError e) {
                // only a head start: the class loads when first used
            }
        }
    }

    /** A runtime with one event loop per core (at least two). */
    public static ModemRuntime create() {
        return new ModemRuntime(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    public static ModemRuntime create(int threads) {
        return new ModemRuntime(threads);
    }

    /** The event loops every modem, line and connection of this runtime runs on. */
    public EventLoopGroup group() {
        return group;
    }

    /** The loop for a new modem (round robin). */
    public EventLoop nextLoop() {
        return group.next();
    }

    /** True when the loops are epoll (Linux native transport), false for NIO. */
    public boolean epoll() {
        return epoll;
    }

    public Class<? extends SocketChannel> socketChannelClass() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends ServerSocketChannel> serverSocketChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends DatagramChannel> datagramChannelClass() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /**
     * Where work that blocks runs (DNS look-ups, file writes): never on an event loop. Bounded: a task
     * beyond {@value #BLOCKING_QUEUE} queued ones is refused with a
     * {@link java.util.concurrent.RejectedExecutionException}.
     */
    public Executor blocking() {
        return blocking;
    }

    /** The MQTT-SN clients of all modems, on this runtime's loops (each pinned to its modem's loop). */
    public dev.l610.mqttsn.MqttSnRuntime snRuntime() {
        dev.l610.mqttsn.MqttSnRuntime r = sn;
        if (r == null) {
            synchronized (this) {
                if (sn == null) {
                    sn = dev.l610.mqttsn.MqttSnRuntime.of(group, datagramChannelClass());
                }
                r = sn;
            }
        }
        return r;
    }

    @Override
    public void close() {
        if (sn != null) {
            try {
                sn.close();
            } catch (Exception ignored) {
                // closing
            }
        }
        // no quiet period: a closed runtime has nothing left to run; wait a little for tasks in flight
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        blocking.shutdownNow();
    }
}
