package dev.l610.mqttsn.client;

import dev.l610.mqttsn.MqttSnRuntime;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.internal.client.ClientConfig;
import dev.l610.mqttsn.internal.io.EventLoop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Objects;

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
    private MqttSnClientListener listener = new MqttSnClientListener() { };

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

    /** The shared runtime; without one the client starts its own and closes it with itself. */
    public MqttSnClientBuilder runtime(MqttSnRuntime rt) {
        if (!(Objects.requireNonNull(rt, "runtime") instanceof EventLoop)) {
            throw new IllegalArgumentException("use MqttSnRuntime.create(); the interface is not for implementation");
        }
        this.runtime = rt;
        return this;
    }

    public MqttSnClientBuilder listener(MqttSnClientListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    /**
     * Opens the client's UDP socket, connected to the gateway (so that ICMP errors are reported), and
     * registers it with the runtime. Does not send anything: call {@link MqttSnClient#connect()}.
     *
     * @throws UncheckedIOException when the socket cannot be opened or bound
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
        DatagramChannel ch = null;
        try {
            ch = gateway.getAddress() instanceof java.net.Inet4Address
                    ? DatagramChannel.open(StandardProtocolFamily.INET) : DatagramChannel.open(StandardProtocolFamily.INET6);
            ch.bind(local);
            ch.connect(gateway);
            ch.configureBlocking(false);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot open a UDP socket on " + local + " to " + gateway, e);
        }
        boolean owns = runtime == null;
        EventLoop loop = owns ? EventLoop.start() : (EventLoop) runtime;
        return new MqttSnClient(loop, owns, config, ch);
    }

    private static long seconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }

    private static void closeQuietly(DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
