package dev.l610.broker;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.channel.EventLoopGroup;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory MQTT 3.1.1 broker (Moquette) bound to one local address, for zero-setup runs and tests.
 *
 * <p>Nothing is persisted to disk; anonymous clients are allowed. Port 0 picks a free port, which
 * {@link #address()} then reports.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** Moquette's command queue per session thread; the barrier keeps all of them together below an eighth of one. */
    static final int SESSION_QUEUE_SIZE = 16_384;


    private final Server server = new Server();
    private final InetSocketAddress address;
    private final InetSocketAddress tlsAddress;
    private final BrokerTls tls;
    private volatile boolean closed;
    private volatile boolean quietShutdown;

    private EmbeddedBroker(InetSocketAddress address, InetSocketAddress tlsAddress, BrokerTls tls) {
        this.address = address;
        this.tlsAddress = tlsAddress;
        this.tls = tls;
    }

    /**
     * Starts a broker on {@code host:port}.
     *
     * @throws BrokerStartException when the address cannot be bound (port taken, bad host)
     */
    public static EmbeddedBroker start(String host, int port) {
        return start(host, port, null, null);
    }

    /**
     * Starts a broker that accepts only {@code user} with {@code password} (wrong ones get CONNACK return
     * code 4, "bad user name or password"); with a null user, anonymous clients are allowed.
     */
    public static EmbeddedBroker start(String host, int port, String user, String password) {
        return start(host, port, new Options().user(user, password));
    }

    /** Starts a broker with {@link Options} (credentials, a TLS listener, persistence). */
    public static EmbeddedBroker start(String host, int port, Options o) {
        int bindPort = port == 0 ? freePort(host) : port;
        ensureFree(host, bindPort);
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(bindPort));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("allow_anonymous", Boolean.toString(o.user == null));
        if (o.user != null) {
            p.setProperty("password_file", passwordFile(o.user, o.password));
        }
        if (o.persistenceDir != null) {
            p.setProperty("persistence_enabled", "true");
            p.setProperty("data_path", o.persistenceDir.toAbsolutePath().toString());
        } else {
            p.setProperty("persistence_enabled", "false");
        }
        p.setProperty("telemetry_enabled", "false"); // Moquette phones home unless told not to
        p.setProperty("netty.mqtt.message_size", Integer.toString(256 * 1024));
        p.setProperty("immediate_buffer_flush", "true");
        // commands per session thread (Moquette's default 1024): room for the bursts of many connections
        p.setProperty("session_queue_size", Integer.toString(SESSION_QUEUE_SIZE));
        // MQTT 3.1.1 §3.1.3.1: a clean-session client may send an empty id (mosquitto_pub does)
        p.setProperty("allow_zero_byte_client_id", "true");
        BrokerTls tls = null;
        InetSocketAddress tlsAddress = null;
        if (o.tlsPort >= 0) {
            int tlsPort = o.tlsPort == 0 ? freePort(host) : o.tlsPort;
            ensureFree(host, tlsPort);
            p.setProperty("ssl_port", Integer.toString(tlsPort));
            tls = o.certPem != null ? BrokerTls.fromPem(o.certPem, o.keyPem) : BrokerTls.selfSigned(host);
            tlsAddress = new InetSocketAddress(host, tlsPort);
        }
        EmbeddedBroker broker = new EmbeddedBroker(new InetSocketAddress(host, bindPort), tlsAddress, tls);
        try {
            BrokerTls t = tls;
            broker.server.startServer(new MemoryConfig(p), null, t == null ? null : t::serverContext, null, null);
            if (!Boolean.getBoolean("l610.broker.noBarrier")) { // -Dl610.broker.noBarrier=true: Moquette as is (bench)
                broker.installConnectBarrier();
            }
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw new BrokerStartException("cannot start the MQTT broker on " + host + ":" + bindPort + ": " + e.getMessage(), e);
        }
        return broker;
    }

    /** Starts a broker on 127.0.0.1 with a free port. */
    public static EmbeddedBroker startEphemeral() {
        return start("127.0.0.1", 0);
    }

    public InetSocketAddress address() {
        return address;
    }

    /** The TLS listener (MQTT over TLS), or null when none was asked for. */
    public InetSocketAddress tlsAddress() {
        return tlsAddress;
    }

    /**
     * The PEM file of the certificate a client must trust for {@link #tlsAddress()} (the generated
     * self-signed one, or the one given), for the modem's {@code caFile}; null without TLS.
     */
    public java.nio.file.Path caPem() {
        return tls == null ? null : tls.caPem();
    }

    public String host() {
        return address.getHostString();
    }

    public int port() {
        return address.getPort();
    }

    /** Drops the network connection of one client, as a broker going away for it would. */
    public boolean disconnectClient(String clientId) {
        return server.disconnectClient(clientId);
    }

    /**
     * Publishes a message from the broker itself, as if a client had sent it: every matching
     * subscription gets it (the modem's {@code +MQTTMSG}), a retained one is kept. From any thread.
     */
    public void publish(String topic, byte[] payload, int qos, boolean retain) {
        if (topic == null || topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException("a topic name without wildcards is required, was '" + topic + "'");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2, was " + qos);
        }
        var msg = io.netty.handler.codec.mqtt.MqttMessageBuilders.publish().topicName(topic).retained(retain)
                .qos(io.netty.handler.codec.mqtt.MqttQoS.valueOf(qos)).messageId(1)
                .payload(io.netty.buffer.Unpooled.copiedBuffer(payload)).build();
        server.internalPublish(msg, "l610-broker");
    }

    /** How many clients the broker has connected now (tests). */
    int connectedClients() {
        return server.listConnectedClients().size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        quietShutdown = stopEventLoopsAtOnce();
        try {
            server.stopServer();
        } catch (RuntimeException ignored) {
            // stopping a server that never started fully
        }
        if (tls != null) {
            tls.deleteGenerated();
        }
    }

    /**
     * Moquette's {@code stopServer()} shuts its Netty event loops down with Netty's default graceful
     * shutdown: a 2 s quiet period in which no task may arrive, so closing a broker (and stopping
     * {@code l610 serve}) took 2 s or more. Start that shutdown first with no quiet period: Netty keeps
     * the first call's settings, so Moquette's own call then only waits for loops that are already
     * ending. Moquette keeps the groups in private fields; when they are not found (another Moquette
     * version) the broker still stops, just slowly.
     *
     * @return true when the quick shutdown was started
     */
    private boolean stopEventLoopsAtOnce() {
        try {
            Object acceptor = field(server, "acceptor");
            if (acceptor == null) {
                return false;
            }
            boolean any = false;
            for (String name : new String[] {"workerGroup", "bossGroup"}) {
                if (field(acceptor, name) instanceof EventLoopGroup group) {
                    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                    any = true;
                }
            }
            return any;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Puts a {@link ConnectBarrier} in front of Moquette's MQTT handler on every new connection. Moquette
     * 0.17 adds the handler in its acceptor's optional {@code metrics} field just before its own; the
     * field is read for each new connection, so setting it after start (before anyone can connect to
     * this broker's caller) covers every connection.
     */
    private void installConnectBarrier() {
        try {
            Object acceptor = field(server, "acceptor");
            Field metrics = acceptor.getClass().getDeclaredField("metrics");
            metrics.setAccessible(true);
            metrics.set(acceptor, java.util.Optional.of(new ConnectBarrier.Installer(commandRoom())));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot install the connect barrier in Moquette (another Moquette version?)", e);
        }
    }

    /**
     * True while Moquette's session command queues hold together less than an eighth of one queue's
     * room. Moquette drops a command (a client's packet, or the copy of a PUBLISH for a subscriber's
     * session, which each queued PUBLISH makes when it runs) when the queue of its session thread is
     * full; the barrier stops reading from a connection while this is false (see {@link ConnectBarrier}),
     * so the commands queued and those they make fit, for up to 7 subscribers per message.
     */
    private java.util.function.BooleanSupplier commandRoom() throws ReflectiveOperationException {
        Object loops = field(field(server, "dispatcher"), "sessionLoops");
        java.util.concurrent.BlockingQueue<?>[] queues = (java.util.concurrent.BlockingQueue<?>[]) field(loops, "sessionQueues");
        return () -> {
            int queued = 0;
            for (java.util.concurrent.BlockingQueue<?> q : queues) {
                queued += q.size();
            }
            return queued < SESSION_QUEUE_SIZE / 8;
        };
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(owner);
    }

    /** True when {@link #close()} could stop Moquette's event loops without the quiet period (tests). */
    boolean closedQuickly() {
        return quietShutdown;
    }

    /** Moquette's password file: {@code user:sha256-hex(password)}. */
    private static String passwordFile(String user, String password) {
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("l610-broker", ".passwd");
            f.toFile().deleteOnExit();
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.nio.file.Files.writeString(f, user + ":" + java.util.HexFormat.of().formatHex(hash) + "\n");
            return f.toString();
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new BrokerStartException("cannot write the broker's password file: " + e.getMessage(), e);
        }
    }

    private static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new BrokerStartException("cannot find a free port on " + host + ": " + e.getMessage(), e);
        }
    }

    /** Moquette logs and swallows a bind failure; check first so the caller gets a clear error. */
    private static void ensureFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new BrokerStartException("MQTT broker port " + host + ":" + port + " is already in use", e);
        } catch (IOException e) {
            throw new BrokerStartException("cannot bind the MQTT broker to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * What the broker offers besides anonymous plain MQTT on its port. Defaults: anonymous, no TLS, no
     * persistence (nothing written to disk).
     */
    public static final class Options {
        String user;
        String password;
        int tlsPort = -1;
        java.nio.file.Path certPem;
        java.nio.file.Path keyPem;
        java.nio.file.Path persistenceDir;

        /** The defaults: anonymous, no TLS, no persistence. */
        public Options() {
        }

        /** Only {@code user} with {@code password} may connect (others: CONNACK 4); null user: anonymous. */
        public Options user(String user, String password) {
            if (user != null && password == null) {
                throw new IllegalArgumentException("a broker user needs a password");
            }
            this.user = user;
            this.password = password;
            return this;
        }

        /** A TLS listener on this port (0: a free one), with a generated self-signed certificate unless {@link #certificate} is given. */
        public Options tlsPort(int port) {
            this.tlsPort = port;
            return this;
        }

        /** The TLS listener's certificate (chain) and its PKCS#8 private key, both PEM. */
        public Options certificate(java.nio.file.Path certPem, java.nio.file.Path keyPem) {
            this.certPem = certPem;
            this.keyPem = keyPem;
            return this;
        }

        /** Keep sessions, subscriptions and retained messages in this folder across restarts (default: in memory only). */
        public Options persistence(java.nio.file.Path dir) {
            this.persistenceDir = dir;
            return this;
        }
    }

    /** The broker could not start; the message says why in words a user can act on. */
    public static final class BrokerStartException extends RuntimeException {
        public BrokerStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

}
