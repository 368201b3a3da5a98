package dev.l610.mqttsn.gateway;

import dev.l610.mqttsn.MqttSnRuntime;
import dev.l610.mqttsn.internal.gateway.BrokerTls;
import dev.l610.mqttsn.internal.gateway.GatewayConfig;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.TrustManagerFactory;

/** Builds a {@link MqttSnGateway}. Only {@link #broker} is required. */
public final class MqttSnGatewayBuilder {

    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_RETRIES = 3;
    public static final int DEFAULT_MAX_SESSIONS = 1_000;
    public static final int DEFAULT_MAX_QUEUED_PER_SESSION = 1_000;
    public static final int DEFAULT_MAX_TOPICS_PER_SESSION = 1_000;
    public static final Duration DEFAULT_BROKER_TIMEOUT = Duration.ofSeconds(10);

    private InetSocketAddress bind = new InetSocketAddress("127.0.0.1", 0);
    private String brokerHost;
    private int brokerPort;
    private PredefinedTopics predefined = PredefinedTopics.empty();
    private Duration retryInterval = DEFAULT_RETRY_INTERVAL;
    private int retries = DEFAULT_RETRIES;
    private int gatewayId = 1;
    private int maxSessions = DEFAULT_MAX_SESSIONS;
    private int maxQueuedPerSession = DEFAULT_MAX_QUEUED_PER_SESSION;
    private int maxTopicsPerSession = DEFAULT_MAX_TOPICS_PER_SESSION;
    private Duration brokerTimeout = DEFAULT_BROKER_TIMEOUT;
    private MqttSnRuntime runtime;
    private BrokerCredentials credentials;
    private Map<String, BrokerCredentials> clientCredentials = Map.of();
    private TrustManagerFactory tls;

    MqttSnGatewayBuilder() {
    }

    /** The UDP address to listen on; default 127.0.0.1:0 (an ephemeral port, see {@link MqttSnGateway#localAddress()}). */
    public MqttSnGatewayBuilder bind(InetSocketAddress address) {
        this.bind = Objects.requireNonNull(address, "address");
        return this;
    }

    /** The MQTT 3.1.1 broker every client's connection goes to. */
    public MqttSnGatewayBuilder broker(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("broker port must be 1..65535, was " + port);
        }
        this.brokerHost = host;
        this.brokerPort = port;
        return this;
    }

    public MqttSnGatewayBuilder predefinedTopics(PredefinedTopics topics) {
        this.predefined = Objects.requireNonNull(topics, "topics");
        return this;
    }

    /** Tretry (> 0) and Nretry (>= 0) for the gateway's requests to clients (§6.13). Default 10 s, 3. */
    public MqttSnGatewayBuilder retry(Duration interval, int maxRetransmissions) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero() || maxRetransmissions < 0) {
            throw new IllegalArgumentException("Tretry must be positive and Nretry >= 0");
        }
        this.retryInterval = interval;
        this.retries = maxRetransmissions;
        return this;
    }

    /** The GwId in GWINFO answers to SEARCHGW (0..255); default 1. */
    public MqttSnGatewayBuilder gatewayId(int id) {
        if (id < 0 || id > 0xFF) {
            throw new IllegalArgumentException("gateway id must be 0..255, was " + id);
        }
        this.gatewayId = id;
        return this;
    }

    /**
     * Sessions (clients, each with its own broker connection) at once; a CONNECT from a new client
     * beyond gets CONNACK "rejected: congestion" (0x01) and no broker connection, counted in
     * {@link GatewayCounters#connectsRefused()}. Default 1000.
     */
    public MqttSnGatewayBuilder maxSessions(int max) {
        this.maxSessions = positive(max, "maxSessions");
        return this;
    }

    /**
     * Broker messages queued for one client (the one in flight not counted). Beyond: a QoS 0 message
     * is dropped ({@link GatewayCounters#qos0Dropped()}); a QoS 1/2 message is not taken and not
     * acknowledged to the broker ({@link GatewayCounters#queueRefused()}), which keeps it unacknowledged in
     * the session and sends it again when the client's session is resumed (clean session 0). A broker's
     * inflight window normally stops far below this. Default 1000.
     */
    public MqttSnGatewayBuilder maxQueuedPerSession(int max) {
        this.maxQueuedPerSession = positive(max, "maxQueuedPerSession");
        return this;
    }

    /**
     * Normal topic ids one client may hold; beyond, REGACK / SUBACK say "rejected: congestion", counted in
     * {@link GatewayCounters#topicsRefused()}. Default 1000.
     */
    public MqttSnGatewayBuilder maxTopicsPerSession(int max) {
        this.maxTopicsPerSession = positive(max, "maxTopicsPerSession");
        return this;
    }

    /**
     * The user name and password of every client's broker connection (MQTT-SN has no credentials of its
     * own), unless {@link #clientCredentials} has some for its client id. Default: none. Send them over
     * TLS ({@link #brokerTls}) unless the broker is on this host.
     */
    public MqttSnGatewayBuilder brokerCredentials(BrokerCredentials c) {
        this.credentials = c;
        return this;
    }

    /** Credentials per MQTT-SN client id (see {@link BrokerCredentials#loadPerClient}), ahead of {@link #brokerCredentials}. */
    public MqttSnGatewayBuilder clientCredentials(Map<String, BrokerCredentials> perClient) {
        this.clientCredentials = Map.copyOf(Objects.requireNonNull(perClient, "perClient"));
        return this;
    }

    /**
     * Broker connections over TLS, trusting the certificates of {@code caFile} (PEM), or the JVM's CAs
     * when it is {@code null}; the broker's host name is verified against its certificate.
     *
     * @throws IllegalArgumentException when the CA file cannot be read or holds no certificate
     */
    public MqttSnGatewayBuilder brokerTls(Path caFile) {
        this.tls = BrokerTls.trust(caFile);
        return this;
    }

    /** TCP connect and MQTT CONNECT timeout towards the broker, each; default 10 s. */
    public MqttSnGatewayBuilder brokerTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("broker timeout must be positive");
        }
        this.brokerTimeout = timeout;
        return this;
    }

    /**
     * The shared runtime; the gateway's channel goes on its next event loop. Without one the gateway
     * starts its own and closes it with itself.
     */
    public MqttSnGatewayBuilder runtime(MqttSnRuntime rt) {
        if (!(Objects.requireNonNull(rt, "runtime") instanceof dev.l610.mqttsn.internal.io.NettyRuntime)) {
            throw new IllegalArgumentException("use MqttSnRuntime.create() or MqttSnRuntime.of(..); the interface is not for implementation");
        }
        this.runtime = rt;
        return this;
    }

    /** Checks the settings; nothing is bound before {@link MqttSnGateway#start()}. */
    public MqttSnGateway build() {
        if (brokerHost == null) {
            throw new IllegalStateException("broker(host, port) is required");
        }
        GatewayConfig config = new GatewayConfig(bind, brokerHost, brokerPort, predefined, retryInterval.toNanos(),
                retries, gatewayId, maxSessions, maxQueuedPerSession, maxTopicsPerSession, brokerTimeout.toMillis(),
                credentials, clientCredentials, tls);
        return new MqttSnGateway(config, runtime);
    }

    private static int positive(int v, String name) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + v);
        }
        return v;
    }
}
