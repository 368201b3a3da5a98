package dev.l610.mqttsn.client;

import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.MqttSnRuntime;
import dev.l610.mqttsn.internal.client.ClientConfig;
import dev.l610.mqttsn.internal.client.ClientCore;
import dev.l610.mqttsn.internal.io.Loops;
import io.netty.channel.EventLoop;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An asynchronous MQTT-SN 1.2 client over UDP. Thread-safe: every method only queues the request on
 * the client's event loop ({@link MqttSnClientBuilder#eventLoop}, else one of the runtime's) and
 * returns a future; a request made on that loop runs right after the current task, on the same
 * thread. Futures complete, and listener callbacks run, on that event loop: do not block in
 * dependent stages.
 *
 * <p>Requests run one at a time in call order (§6.5, §6.6, §6.9); each waits at most
 * Tretry x (Nretry + 1) for its answer, after which the gateway is considered lost: every pending
 * future fails with {@link MqttSnTimeoutException}, the listener's {@code onConnectionLost} fires
 * once and the client is {@link ClientState#DISCONNECTED}.
 */
public final class MqttSnClient implements AutoCloseable {

    /** The largest payload a PUBLISH can carry: 65535 minus 9 octets of header (§5.2.1, §5.4.12). */
    public static final int MAX_PAYLOAD = 65535 - 9;

    private final MqttSnRuntime runtime;
    private final boolean ownsRuntime;
    private final EventLoop loop;
    private final ClientConfig config;
    private final ClientCore core;
    private final InetSocketAddress localAddress;

    MqttSnClient(MqttSnRuntime runtime, boolean ownsRuntime, EventLoop loop, ClientConfig config, ClientCore core,
                 InetSocketAddress localAddress) {
        this.runtime = runtime;
        this.ownsRuntime = ownsRuntime;
        this.loop = loop;
        this.config = config;
        this.core = core;
        this.localAddress = localAddress;
    }

    public static MqttSnClientBuilder builder() {
        return new MqttSnClientBuilder();
    }

    /**
     * Sends CONNECT, answers the will requests when a will is set, and completes with the CONNACK
     * return code (the client is connected only when it is accepted). Completes exceptionally with
     * {@link MqttSnTimeoutException} when the gateway does not answer, with
     * {@link MqttSnConnectionLostException} when its port is unreachable, and with
     * {@link IllegalStateException} unless the client is {@link ClientState#DISCONNECTED} or
     * {@link ClientState#ASLEEP} (§6.14: with clean session 0 and no will the gateway resumes the
     * sleeping session and delivers what it buffered).
     */
    public CompletableFuture<ConnectResult> connect() {
        return run(core::connect);
    }

    /**
     * Lets the requests already made finish, then sends DISCONNECT and waits for the gateway's
     * DISCONNECT (§6.12). Always completes normally, also when the gateway does not answer; requests
     * made after this call fail with {@link MqttSnNotConnectedException}.
     */
    public CompletableFuture<Void> disconnect() {
        return run(core::disconnect);
    }

    /**
     * Goes to sleep (§6.14): DISCONNECT with {@code duration}, after the requests already made. Completes
     * when the gateway answers DISCONNECT; the client is {@link ClientState#ASLEEP} then: the gateway
     * keeps its session and buffers messages for it (bounded), and considers it lost (will published)
     * unless it hears from it within 1.5 x {@code duration}: call {@link #wakeUp()} or {@link #connect()}
     * in time. While asleep only QoS -1 publishes are possible and no keep-alive PINGREQ is sent.
     *
     * @throws IllegalArgumentException unless the duration is 1..65535 s
     */
    public CompletableFuture<Void> sleep(java.time.Duration duration) {
        long s = duration.toSeconds();
        if (s < 1 || s > 0xFFFF) {
            throw new IllegalArgumentException("sleep duration must be 1..65535 s, was " + duration);
        }
        return run(f -> core.sleep((int) s, f));
    }

    /**
     * Wakes up briefly (§6.14): PINGREQ with the client id; the gateway sends what it buffered (to the
     * listener, acknowledged as usual) and then PINGRESP, which completes the future, and the client is
     * {@link ClientState#ASLEEP} again (for another sleep duration). Fails with
     * {@link MqttSnNotConnectedException} unless the client is asleep, with {@link MqttSnTimeoutException}
     * when the gateway does not answer after Nretry. {@link #connect()} instead ends the sleep.
     */
    public CompletableFuture<Void> wakeUp() {
        return run(core::wakeUp);
    }

    /**
     * Changes the will's topic, QoS and retain flag (WILLTOPICUPD, §6.4); an empty topic deletes the will.
     * Completes with the accepted return code; exceptionally with {@link MqttSnRejectedException} when the
     * gateway refuses, or as {@link #subscribe}. The next CONNECT uses the updated will too.
     */
    public CompletableFuture<ReturnCode> updateWillTopic(String topic, int qos, boolean retain) {
        Objects.requireNonNull(topic, "topic");
        QoS q = qos(qos, false);
        return run(f -> core.updateWillTopic(topic, q, retain, f));
    }

    /** Changes the will's message (WILLMSGUPD, §6.4); completes as {@link #updateWillTopic}. */
    public CompletableFuture<ReturnCode> updateWillMessage(byte[] message) {
        Objects.requireNonNull(message, "message");
        byte[] copy = message.clone();
        return run(f -> core.updateWillMessage(copy, f));
    }

    /**
     * Subscribes by topic name (wildcards allowed), predefined id or short name, with QoS 0..2.
     * Completes with the SUBACK (check {@link SubscribeResult#isSuccess()}); exceptionally with
     * {@link MqttSnNotConnectedException}, {@link MqttSnTimeoutException} or
     * {@link MqttSnConnectionLostException}.
     */
    public CompletableFuture<SubscribeResult> subscribe(Topic topic, int qos) {
        Objects.requireNonNull(topic, "topic");
        QoS q = qos(qos, false);
        return run(f -> core.subscribe(topic, q, f));
    }

    /** Unsubscribes; completes on UNSUBACK, or exceptionally as {@link #subscribe}. */
    public CompletableFuture<Void> unsubscribe(Topic topic) {
        Objects.requireNonNull(topic, "topic");
        return run(f -> core.unsubscribe(topic, f));
    }

    /**
     * Publishes with QoS -1, 0, 1 or 2. A {@link Topic.Named} topic is registered first (once per
     * connection). Completes when written (QoS 0 and -1), on PUBACK (QoS 1) or on PUBCOMP (QoS 2);
     * exceptionally with {@link MqttSnRejectedException} when the PUBACK or REGACK carries a return
     * code other than accepted, or as {@link #subscribe}. QoS -1 needs a predefined or short topic and
     * no connection (§6.8).
     *
     * @throws IllegalArgumentException for a QoS outside -1..2, QoS -1 on a topic name, a topic name
     *                                  with wildcards, or a payload over {@link #MAX_PAYLOAD}
     */
    public CompletableFuture<Void> publish(Topic topic, int qos, boolean retain, byte[] payload) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        QoS q = qos(qos, true);
        if (topic instanceof Topic.Named n) {
            if (n.hasWildcard()) {
                throw new IllegalArgumentException("cannot publish to a topic filter: " + n.name());
            }
            if (q == QoS.MINUS_ONE) {
                throw new IllegalArgumentException("QoS -1 needs a predefined topic id or a short topic name (§6.8)");
            }
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length + " octets exceeds " + MAX_PAYLOAD);
        }
        return run(f -> core.publish(topic, q, retain, payload, f));
    }

    public ClientState state() {
        return core.state();
    }

    public ClientCounters counters() {
        return core.counters();
    }

    public String clientId() {
        return config.clientId();
    }

    public InetSocketAddress gateway() {
        return config.gateway();
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** The event loop this client runs on: its channel, timers, listener callbacks and future completions. */
    public EventLoop eventLoop() {
        return loop;
    }

    /**
     * Releases the socket at once, without sending DISCONNECT: to the gateway the client just goes
     * silent (it drops the session after 1.5 x keep-alive and its broker publishes the will). Pending
     * futures fail with {@link MqttSnConnectionLostException}; the listener is not called. Closes the
     * runtime too when the client started its own. Idempotent.
     */
    @Override
    public void close() {
        Loops.execute(loop, core::close); // a loop that refuses has closed the channel already
        if (ownsRuntime) {
            runtime.close();
        }
    }

    private <T> CompletableFuture<T> run(Consumer<CompletableFuture<T>> request) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if ((runtime != null && runtime.isClosed()) || !Loops.execute(loop, () -> request.accept(f))) {
            f.completeExceptionally(new IllegalStateException("the MQTT-SN runtime is closed"));
        }
        return f;
    }

    private static QoS qos(int qos, boolean allowMinusOne) {
        QoS q = QoS.fromCode(qos);
        if (q == null || (q == QoS.MINUS_ONE && !allowMinusOne)) {
            throw new IllegalArgumentException("QoS must be " + (allowMinusOne ? "-1" : "0") + "..2, was " + qos);
        }
        return q;
    }

    @Override
    public String toString() {
        return "MqttSnClient[" + config.clientId() + " -> " + config.gateway() + ", " + state() + "]";
    }
}
