package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.client.ClientCounters;
import dev.l610.mqttsn.client.ClientState;
import dev.l610.mqttsn.client.ConnectResult;
import dev.l610.mqttsn.client.MqttSnConnectionLostException;
import dev.l610.mqttsn.client.MqttSnException;
import dev.l610.mqttsn.client.MqttSnNotConnectedException;
import dev.l610.mqttsn.client.SubscribeResult;
import dev.l610.mqttsn.codec.MqttSnDecodeException;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.internal.io.Datagrams;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The client's protocol state. Every method runs on the client's event loop; the public
 * {@code MqttSnClient} only hands requests over to it, and {@link ClientHandler} feeds it datagrams.
 */
public final class ClientCore {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCore.class);

    private final EventLoop loop;
    private final ClientConfig config;
    private Channel channel;
    private final Counters counters = new Counters();
    private final Pipeline pipeline = new Pipeline(this);
    private final TopicCache topics = new TopicCache();
    private final ClientSession session;
    private final Inbound inbound;
    private final KeepAlive keepAlive = new KeepAlive(this);
    private volatile ClientState state = ClientState.DISCONNECTED;
    /** The will for the next CONNECT: the builder's, as updated by WILLTOPICUPD / WILLMSGUPD (§6.4). */
    private ClientConfig.Will will;
    private long lastSent = System.nanoTime();
    private long lastReceived = System.nanoTime();

    /** @param session the clean-session-0 state this client continues (and leaves for the next one) */
    public ClientCore(EventLoop loop, ClientConfig config, ClientSession session) {
        this.loop = loop;
        this.config = config;
        this.session = session;
        this.inbound = new Inbound(this, session);
        this.will = config.will();
    }

    /** The channel, before it is registered (its pipeline ends with this core's {@link ClientHandler}). */
    public void attach(Channel ch) {
        this.channel = ch;
    }

    // ---- requests, called on the event loop by MqttSnClient ----

    public void connect(CompletableFuture<ConnectResult> f) {
        if (state == ClientState.ASLEEP) {
            // §6.14: CONNECT ends the sleep; the gateway keeps the session only for clean session 0 and no will
            if (config.cleanSession() || will != null) {
                topics.clear();
                inbound.reset();
                session.clear();
            }
            state = ClientState.DISCONNECTED;
        }
        if (state != ClientState.DISCONNECTED) {
            f.completeExceptionally(new IllegalStateException("connect() while " + state));
            return;
        }
        if (config.cleanSession()) {
            session.clear(); // clean session 1: a new session, also for the state a former client left
        }
        state = ClientState.CONNECTING;
        pipeline.startNow(new ConnectOp(f));
    }

    public void disconnect(CompletableFuture<Void> f) {
        if (state == ClientState.CONNECTED || state == ClientState.ASLEEP) {
            state = ClientState.DISCONNECTING;
            pipeline.submitAlways(ExchangeOp.disconnect(f)); // later requests are refused from now on
        } else if (state == ClientState.CONNECTING) {
            connectionLost(new MqttSnConnectionLostException("disconnect() while connecting"));
            f.complete(null);
        } else {
            f.complete(null);
        }
    }

    /** §6.14: DISCONNECT with a duration, after the requests already queued. */
    public void sleep(int seconds, CompletableFuture<Void> f) {
        submit(ExchangeOp.sleep(seconds, f), f);
    }

    /** §6.14: PINGREQ with the client id; buffered messages arrive, then PINGRESP. */
    public void wakeUp(CompletableFuture<Void> f) {
        if (state != ClientState.ASLEEP) {
            f.completeExceptionally(new MqttSnNotConnectedException("wakeUp() while " + state + ": only an ASLEEP client wakes up"));
            return;
        }
        state = ClientState.AWAKE;
        pipeline.submitAlways(ExchangeOp.wake(f));
    }

    public void updateWillTopic(String topic, QoS qos, boolean retain, CompletableFuture<ReturnCode> f) {
        submit(new WillUpdateOp(topic, qos, retain, null, f), f);
    }

    public void updateWillMessage(byte[] message, CompletableFuture<ReturnCode> f) {
        submit(new WillUpdateOp(null, null, false, message, f), f);
    }

    public void publish(Topic topic, QoS qos, boolean retain, byte[] payload, CompletableFuture<Void> f) {
        if (qos == QoS.MINUS_ONE && state != ClientState.CONNECTED) {
            new PublishOp(topic, qos, retain, payload, f).start(this); // §6.8: no connection needed
            return;
        }
        if (qos == QoS.AT_MOST_ONCE || qos == QoS.MINUS_ONE) {
            submit(new PublishOp(topic, qos, retain, payload, f), f);
            return;
        }
        if (state != ClientState.CONNECTED) {
            f.completeExceptionally(new MqttSnNotConnectedException("the client is " + state));
            return;
        }
        // QoS 1/2: in the session from now on, so that a break before PUBACK / PUBCOMP does not lose it
        ClientSession.Outgoing o = session.take(topic, qos, retain, payload);
        if (o == null) {
            f.completeExceptionally(new MqttSnException("session full (" + ClientSession.MAX_OUTGOING + " publishes in flight)"));
        } else if (!pipeline.submit(new PublishOp(o, f))) {
            session.done(o);
            f.completeExceptionally(new MqttSnException("request queue full (" + config.maxQueuedRequests() + ")"));
        }
    }

    public void subscribe(Topic topic, QoS qos, CompletableFuture<SubscribeResult> f) {
        submit(new SubscribeOp(topic, qos, f), f);
    }

    public void unsubscribe(Topic topic, CompletableFuture<Void> f) {
        submit(new UnsubscribeOp(topic, f), f);
    }

    private void submit(Op op, CompletableFuture<?> f) {
        if (state != ClientState.CONNECTED) {
            f.completeExceptionally(new MqttSnNotConnectedException("the client is " + state));
        } else if (!pipeline.submit(op)) {
            f.completeExceptionally(new MqttSnException("request queue full (" + config.maxQueuedRequests() + ")"));
        }
    }

    /** Abrupt close: no DISCONNECT is sent; pending requests fail. */
    public void close() {
        if (state == ClientState.CLOSED) {
            return;
        }
        state = ClientState.CLOSED;
        keepAlive.stop();
        pipeline.failAll(new MqttSnConnectionLostException("the client was closed"));
        channel.close();
    }

    public ClientState state() {
        return state;
    }

    public ClientCounters counters() {
        return counters.snapshot();
    }

    // ---- for the ops ----

    ClientConfig config() {
        return config;
    }

    EventLoop loop() {
        return loop;
    }

    Pipeline pipeline() {
        return pipeline;
    }

    TopicCache topics() {
        return topics;
    }

    Counters stats() {
        return counters;
    }

    long lastSentNanos() {
        return lastSent;
    }

    long lastReceivedNanos() {
        return lastReceived;
    }

    /** Queued requests may run: connected, or disconnecting while the queue drains. */
    boolean canRunRequests() {
        return state == ClientState.CONNECTED || state == ClientState.DISCONNECTING || state == ClientState.AWAKE;
    }

    /** The gateway acknowledged the sleep, or sent PINGRESP after a wake-up (§6.14). */
    void onAsleep() {
        if (state == ClientState.CLOSED) {
            return;
        }
        state = ClientState.ASLEEP;
        keepAlive.stop(); // no PINGREQ while asleep: the gateway supervises 1.5 x the sleep duration
        pipeline.failQueued(new MqttSnNotConnectedException("the client is asleep"));
    }

    Inbound inbound() {
        return inbound;
    }

    ClientConfig.Will will() {
        return will;
    }

    /** After an accepted update: a topic update ({@code message} null; {@code topic} null deletes the will) or a message update. */
    void updateWill(String topic, QoS qos, boolean retain, byte[] message) {
        if (message == null) {
            will = topic == null ? null : new ClientConfig.Will(topic, qos, retain, will == null ? new byte[0] : will.payload());
        } else if (will != null) {
            will = new ClientConfig.Will(will.topic(), will.qos(), will.retain(), message);
        }
    }

    KeepAlive keepAlive() {
        return keepAlive;
    }

    int nextMsgId() {
        return session.nextMsgId();
    }

    ClientSession session() {
        return session;
    }

    void onConnAck(ReturnCode rc) {
        if (rc == ReturnCode.ACCEPTED) {
            state = ClientState.CONNECTED;
            lastReceived = System.nanoTime();
            keepAlive.start();
            if (!config.cleanSession()) {
                resume();
            }
            pipeline.pump();
        } else {
            state = ClientState.DISCONNECTED;
        }
    }

    /**
     * Clean session 0 (MQTT-4.4.0-1, as the transparent gateway's broker session asks): the publishes not
     * completed go first, in their order: PUBLISH with DUP and the same MsgId, or PUBREL. Their callers had
     * their answer when the connection ended; these complete nobody's future.
     */
    private void resume() {
        java.util.List<ClientSession.Outgoing> again = session.pending();
        if (!again.isEmpty()) {
            LOG.debug("{}: {} publish(es) of the session sent again", config.clientId(), again.size());
            java.util.List<Op> ops = new java.util.ArrayList<>(again.size());
            for (ClientSession.Outgoing o : again) {
                ops.add(new PublishOp(o, new CompletableFuture<>()));
            }
            pipeline.submitFirst(ops);
        }
    }

    void onDisconnected() {
        endConnection(new MqttSnConnectionLostException("disconnected"));
    }

    /** The connection ended without our DISCONNECT completing; see {@code MqttSnClientListener#onConnectionLost}. */
    void connectionLost(Throwable cause) {
        ClientState was = state;
        if (was == ClientState.DISCONNECTED || was == ClientState.CLOSED) {
            return;
        }
        // (a client asleep hears nothing: only its wake-up or a send can find the gateway gone)
        LOG.debug("{}: connection lost: {}", config.clientId(), cause.getMessage());
        endConnection(cause);
        if (was == ClientState.CONNECTED || was == ClientState.ASLEEP || was == ClientState.AWAKE) {
            try {
                config.listener().onConnectionLost(cause);
            } catch (RuntimeException e) {
                LOG.warn("listener failed in onConnectionLost", e);
            }
        }
    }

    private void endConnection(Throwable cause) {
        state = ClientState.DISCONNECTED;
        keepAlive.stop();
        if (config.cleanSession()) {
            session.clear(); // with clean session 0 the session (publishes in flight, QoS 2 ids awaiting PUBREL) stays
        }
        topics.clear();
        pipeline.failAll(cause);
    }

    /**
     * Writes one message; {@code false} when it was not written (the connection may be lost now). A
     * write that a handler of the pipeline holds back counts as written; should it fail later, the
     * failure is handled then.
     */
    boolean send(MqttSnMessage m) {
        if (state == ClientState.CLOSED) {
            return false;
        }
        lastSent = System.nanoTime();
        ChannelFuture f = channel.writeAndFlush(new DatagramPacket(Datagrams.encode(m), config.gateway()));
        if (f.isDone()) {
            return written(f);
        }
        f.addListener(done -> written((ChannelFuture) done));
        return true;
    }

    private boolean written(ChannelFuture f) {
        if (f.isSuccess()) {
            counters.out.incrementAndGet();
            return true;
        }
        Throwable c = f.cause();
        if (Datagrams.isUnreachable(c)) {
            connectionLost(new MqttSnConnectionLostException("gateway port unreachable (ICMP)", c));
        } else if (c instanceof IOException && state != ClientState.CLOSED && channel.isOpen()) {
            connectionLost(new MqttSnConnectionLostException("cannot send to the gateway: " + c.getMessage(), c));
        } else {
            counters.dropped.incrementAndGet();
            LOG.debug("{}: a datagram was not sent: {}", config.clientId(), String.valueOf(c));
        }
        return false;
    }

    // ---- from ClientHandler ----

    /** One datagram from the gateway (the buffer stays the caller's). */
    void onDatagram(ByteBuf content) {
        if (state == ClientState.CLOSED) {
            return;
        }
        MqttSnMessage m;
        try {
            m = Datagrams.decode(content);
        } catch (MqttSnDecodeException e) {
            counters.decodeErrors.incrementAndGet();
            counters.dropped.incrementAndGet();
            LOG.debug("{}: dropped an undecodable datagram: {}", config.clientId(), e.getMessage());
            return;
        }
        counters.in.incrementAndGet();
        lastReceived = System.nanoTime();
        Dispatch.dispatch(this, m);
    }

    /** An error the channel reported, e.g. ICMP port unreachable on the connected socket. */
    void onChannelError(Throwable cause) {
        if (Datagrams.isUnreachable(cause)) {
            // §6.13 lets a client give up after Nretry; an ICMP "port unreachable" already says nobody listens
            connectionLost(new MqttSnConnectionLostException("gateway port unreachable (ICMP)", cause));
        } else {
            LOG.debug("{}: channel error: {}", config.clientId(), cause.toString());
        }
    }

    /** The channel was closed (by {@link #close()}, or underneath, e.g. by its event loop shutting down). */
    void onChannelClosed() {
        close();
    }
}
