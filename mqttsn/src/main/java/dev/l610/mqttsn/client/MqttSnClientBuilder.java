package dev.l610.mqttsn.client;

import dev.l610.mqttsn.MqttSnRuntime;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.internal.client.ClientConfig;
import dev.l610.mqttsn.internal.client.ClientCore;
import dev.l610.mqttsn.internal.client.ClientHandler;
import dev.l610.mqttsn.internal.io.Channels;
import dev.l610.mqttsn.internal.io.Datagrams;
import dev.l610.mqttsn.internal.io.NettyRuntime;
import dev.l610.mqttsn.internal.io.TrimHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/** Builds a {@link MqttSnClient}. Only {@link #gateway} and {@link #clientId} are required. */
public final class MqttSnClientBuilder {

    /** Tretry default: the specification suggests 10..15 s (§7.2). */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(10);
    /** Nretry default: the specification suggests 3..5 (§7.2). */
    public static final int DEFAULT_RETRIES = 3;
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_QUEUED_REQUESTS = 1000;
    /** Client ids are 1..23 characters (§5.3.1). */
    public static final int MAX_CLIENT_ID_LENGTH = 23;

    private InetSocketAddress gateway;
    private InetSocketAddress localAddress;
    private String clientId;
    private boolean cleanSession = true;
    private Duration keepAlive = DEFAULT_KEEP_ALIVE;
    private ClientConfig.Will will;
    private Duration retryInterval = DEFAULT_RETRY_INTERVAL;
    private int retries = DEFAULT_RETRIES;
    private int maxQueuedRequests = DEFAULT_MAX_QUEUED_REQUESTS;
    private MqttSnRuntime runtime;
    private EventLoop eventLoop;
    private Supplier<? extends ChannelHandler> pathHandler;
    private MqttSnClientListener listener = new MqttSnClientListener() { };
    private MqttSnSession session;

    MqttSnClientBuilder() {
    }

    /** The gateway's UDP address (resolved). */
    public MqttSnClientBuilder gateway(InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("gateway address is unresolved: " + address);
        }
        this.gateway = address;
        return this;
    }

    public MqttSnClientBuilder gateway(String host, int port) {
        return gateway(new InetSocketAddress(host, port));
    }

    /**
     * The local address to bind. Default: port 0 on the gateway's address when that is a loopback
     * address (so tests never bind beyond loopback), else on the wildcard address.
     */
    public MqttSnClientBuilder localAddress(InetSocketAddress address) {
        this.localAddress = Objects.requireNonNull(address, "address");
        return this;
    }

    /** 1..23 characters (§5.3.1). */
    public MqttSnClientBuilder clientId(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty() || id.length() > MAX_CLIENT_ID_LENGTH) {
            throw new IllegalArgumentException("a client id has 1.." + MAX_CLIENT_ID_LENGTH + " characters, was " + id.length());
        }
        this.clientId = id;
        return this;
    }

    /** The CONNECT CleanSession flag; default {@code true}. */
    public MqttSnClientBuilder cleanSession(boolean clean) {
        this.cleanSession = clean;
        return this;
    }

    /** CONNECT Duration, in whole seconds (rounded up), 0..65535 s; 0 disables PINGREQ. Default 60 s. */
    public MqttSnClientBuilder keepAlive(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || seconds(period) > 0xFFFF) {
            throw new IllegalArgumentException("keep-alive must be 0..65535 s, was " + period);
        }
        this.keepAlive = period;
        return this;
    }

    /** A will: CONNECT sets the Will flag and answers the gateway's WILLTOPICREQ / WILLMSGREQ (§6.2). */
    public MqttSnClientBuilder will(String topic, int qos, boolean retain, byte[] payload) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("the will topic must not be empty");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("will QoS must be 0..2, was " + qos);
        }
        this.will = new ClientConfig.Will(topic, QoS.fromCode(qos), retain, payload.clone());
        return this;
    }

    /** Tretry (> 0) and Nretry (>= 0): a request is sent again after Tretry, at most Nretry times (§6.13). */
    public MqttSnClientBuilder retry(Duration interval, int maxRetransmissions) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("Tretry must be positive, was " + interval);
        }
        if (maxRetransmissions < 0) {
            throw new IllegalArgumentException("Nretry must be >= 0, was " + maxRetransmissions);
        }
        this.retryInterval = interval;
        this.retries = maxRetransmissions;
        return this;
    }

    /** Requests waiting behind the one in flight; beyond this a request fails at once. Default 1000. */
    public MqttSnClientBuilder maxQueuedRequests(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxQueuedRequests must be >= 1, was " + max);
        }
        this.maxQueuedRequests = max;
        return this;
    }

    /**
     * The shared runtime; without one (and without {@link #eventLoop}) the client starts its own and
     * closes it with itself. Closing the runtime closes the client.
     */
    public MqttSnClientBuilder runtime(MqttSnRuntime rt) {
        if (!(Objects.requireNonNull(rt, "runtime") instanceof NettyRuntime)) {
            throw new IllegalArgumentException("use MqttSnRuntime.create() or MqttSnRuntime.of(..); the interface is not for implementation");
        }
        this.runtime = rt;
        return this;
    }

    /**
     * Pins the client to {@code loop}: its datagram channel is registered there, and its retransmission
     * and keep-alive timers, its listener callbacks and the completion of its futures all run on that
     * loop, one at a time, with no hand-off to another thread. So a caller that lives on the same loop
     * (e.g. a device whose every event runs there) may touch its own state from callbacks without locks.
     *
     * <p>The loop must fit the runtime's channel class: a loop of the runtime's group
     * ({@link MqttSnRuntime#of}) always does. Without {@link #runtime} the loop must be a NIO loop.
     * Without this setting the client gets the runtime's next loop (round robin).
     */
    public MqttSnClientBuilder eventLoop(EventLoop loop) {
        this.eventLoop = Objects.requireNonNull(loop, "loop");
        return this;
    }

    /**
     * Puts a handler first in the client's datagram channel pipeline, in front of the MQTT-SN codec:
     * it sees every datagram both ways as a {@link io.netty.channel.socket.DatagramPacket}: inbound
     * ({@code channelRead}) before the client decodes it, outbound ({@code write}) after the client
     * encoded it, addressed to the gateway. It may delay, duplicate or drop datagrams, e.g. to model
     * the radio path. Called once per built client (handlers need not be sharable).
     *
     * <p>To drop a datagram, release it; for an outbound one also complete its promise with success
     * (it is lost on the way, and retransmission deals with it, as on a real network). Failing the
     * promise with an {@link java.io.IOException} counts as a local send error and ends the connection;
     * failing it otherwise counts the datagram as dropped. Inbound datagrams arrive in buffers of their
     * own size, so a handler may hold on to them.
     */
    public MqttSnClientBuilder pathHandler(Supplier<? extends ChannelHandler> handler) {
        this.pathHandler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Receives messages and the loss of the connection; called on the client's event loop (see
     * {@link #eventLoop}), one call at a time.
     */
    public MqttSnClientBuilder listener(MqttSnClientListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    /**
     * The clean-session-0 state to continue and keep, for a caller that builds a new client for every
     * connection of one client id (see {@link MqttSnSession}); default: a new one for this client.
     */
    public MqttSnClientBuilder session(MqttSnSession s) {
        this.session = Objects.requireNonNull(s, "session");
        return this;
    }

    /**
     * Opens the client's UDP socket, connected to the gateway (so that ICMP errors are reported), on
     * its event loop. Does not send anything: call {@link MqttSnClient#connect()}. Does not block when
     * called on the client's own event loop.
     *
     * @throws UncheckedIOException     when the socket cannot be opened or bound
     * @throws IllegalArgumentException when the {@link #eventLoop} does not fit the runtime's channel class
     */
    public MqttSnClient build() {
        if (gateway == null || clientId == null) {
            throw new IllegalStateException("gateway and clientId are required");
        }
        if (runtime != null && runtime.isClosed()) {
            throw new IllegalStateException("the runtime is closed");
        }
        InetSocketAddress local = localAddress != null ? localAddress
                : new InetSocketAddress(gateway.getAddress().isLoopbackAddress() ? gateway.getAddress() : null, 0);
        ClientConfig config = new ClientConfig(gateway, local, clientId, cleanSession, (int) seconds(keepAlive), will,
                retryInterval.toNanos(), retries, maxQueuedRequests, listener);
        boolean owns = runtime == null && eventLoop == null;
        NettyRuntime rt = owns ? NettyRuntime.own(1) : (NettyRuntime) runtime;
        EventLoop loop = eventLoop != null ? eventLoop : rt.next();
        Class<? extends DatagramChannel> type = rt != null ? rt.channelClass() : NioDatagramChannel.class;
        ClientCore core = new ClientCore(loop, config, (session != null ? session : new MqttSnSession()).state);
        DatagramChannel ch = null;
        try {
            ch = Channels.newChannel(type, gateway.getAddress(), Datagrams.CLIENT_RECEIVE);
            if (pathHandler != null) {
                ch.pipeline().addLast("mqttsn-trim", TrimHandler.INSTANCE);
                ch.pipeline().addLast("mqttsn-path", Objects.requireNonNull(pathHandler.get(), "pathHandler supplied null"));
            }
            ch.pipeline().addLast("mqttsn-client", new ClientHandler(core));
            core.attach(ch);
            Channels.open(ch, loop, local, gateway);
        } catch (RuntimeException e) {
            if (ch != null && !ch.isRegistered()) {
                ch.unsafe().closeForcibly();
            }
            if (owns) {
                rt.close();
            }
            throw e;
        }
        if (rt != null) {
            rt.track(ch, core::close);
        }
        return new MqttSnClient(rt, owns, loop, config, core, Channels.localAddress(ch, local));
    }

    private static long seconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }
}
