package dev.l610.mqttsn.gateway;

import dev.l610.mqttsn.MqttSnRuntime;
import dev.l610.mqttsn.internal.gateway.GatewayConfig;
import dev.l610.mqttsn.internal.gateway.GatewayCore;
import dev.l610.mqttsn.internal.gateway.GatewayHandler;
import dev.l610.mqttsn.internal.io.Channels;
import dev.l610.mqttsn.internal.io.Datagrams;
import dev.l610.mqttsn.internal.io.NettyRuntime;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.concurrent.Future;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A transparent MQTT-SN 1.2 gateway (§3): every MQTT-SN client gets its own MQTT 3.1.1 connection
 * to the broker, opened on its CONNECT and closed with its session. Works with any conformant
 * client; see the module README for every behaviour choice.
 *
 * <pre>{@code
 * MqttSnGateway gw = MqttSnGateway.builder().broker("127.0.0.1", 1883).build();
 * gw.start();
 * InetSocketAddress udp = gw.localAddress();
 * ...
 * gw.close();
 * }</pre>
 */
public final class MqttSnGateway implements AutoCloseable {

    private final GatewayConfig config;
    private final MqttSnRuntime sharedRuntime;
    private NettyRuntime runtime;
    private EventLoop loop;
    private GatewayCore core;
    private InetSocketAddress localAddress;
    private boolean closed;

    MqttSnGateway(GatewayConfig config, MqttSnRuntime runtime) {
        this.config = config;
        this.sharedRuntime = runtime;
    }

    public static MqttSnGatewayBuilder builder() {
        return new MqttSnGatewayBuilder();
    }

    /**
     * Binds the UDP socket and starts serving. The broker is contacted only when a client connects.
     *
     * @throws UncheckedIOException  when the address cannot be bound
     * @throws IllegalStateException when already started or closed
     */
    public synchronized MqttSnGateway start() {
        if (core != null || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        runtime = sharedRuntime != null ? (NettyRuntime) sharedRuntime : NettyRuntime.own(1);
        loop = runtime.next();
        GatewayCore c = new GatewayCore(loop, config);
        DatagramChannel ch = Channels.newChannel(runtime.channelClass(), config.bind().getAddress(),
                Datagrams.GATEWAY_RECEIVE);
        ch.pipeline().addLast("mqttsn-gateway", new GatewayHandler(c));
        c.attach(ch);
        try {
            Channels.open(ch, loop, config.bind(), null);
        } catch (UncheckedIOException e) {
            closeOwnRuntime();
            throw new UncheckedIOException("cannot bind the MQTT-SN gateway to " + config.bind() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (RuntimeException e) {
            closeOwnRuntime();
            throw e;
        }
        localAddress = Channels.localAddress(ch, config.bind());
        core = c;
        runtime.track(ch, c::close);
        return this;
    }

    /** The bound UDP address (with the real port when bound to port 0); {@code null} before {@link #start()}. */
    public synchronized InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Counters since start; all zero before. */
    public GatewayCounters counters() {
        GatewayCore c = core;
        return c == null ? GatewayCounters.zero() : c.stats().snapshot();
    }

    /** Clients with a session (connecting or connected). */
    public int sessionCount() {
        GatewayCore c = core;
        return c == null ? 0 : c.sessionCount();
    }

    /**
     * Sends DISCONNECT to every client, disconnects their broker connections gracefully (no wills are
     * published), and releases the socket. Closes the runtime too when the gateway started its own.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (core == null) {
            return;
        }
        GatewayCore c = core;
        if (loop.inEventLoop()) {
            c.close();
        } else {
            try {
                Future<?> done = loop.submit(c::close);
                done.awaitUninterruptibly(5, TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                // the loop is shutting down and closes the channel itself
            }
        }
        closeOwnRuntime();
    }

    private void closeOwnRuntime() {
        if (sharedRuntime == null && runtime != null) {
            runtime.close();
        }
    }

    @Override
    public String toString() {
        return "MqttSnGateway[" + localAddress + " -> " + config.brokerHost() + ":" + config.brokerPort() + "]";
    }
}
