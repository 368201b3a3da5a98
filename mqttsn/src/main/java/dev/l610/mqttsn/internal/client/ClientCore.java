package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.client.ClientCounters;
import dev.l610.mqttsn.client.ClientState;
import dev.l610.mqttsn.client.ConnectResult;
import dev.l610.mqttsn.client.MqttSnConnectionLostException;
import dev.l610.mqttsn.client.MqttSnException;
import dev.l610.mqttsn.client.MqttSnNotConnectedException;
import dev.l610.mqttsn.client.SubscribeResult;
import dev.l610.mqttsn.codec.MqttSnCodec;
import dev.l610.mqttsn.codec.MqttSnDecodeException;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.internal.io.DatagramHandler;
import dev.l610.mqttsn.internal.io.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CompletableFuture;

/**
 * The client's protocol state. Every method runs on the event loop's I/O thread; the public
 * {@code MqttSnClient} only hands requests over to it.
 */
public final class ClientCore implements DatagramHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCore.class);
    private static final int MAX_READS_PER_WAKEUP = 64;

    private final EventLoop loop;
    private final ClientConfig config;
    private final DatagramChannel channel;
    private final Counters counters = new Counters();
    private final Pipeline pipeline = new Pipeline(this);
    private final TopicCache topics = new TopicCache();
    private final Inbound inbound = new Inbound(this);
    private final KeepAlive keepAlive = new KeepAlive(this);
    private volatile ClientState state = ClientState.DISCONNECTED;
    private int lastMsgId;
    private long lastSent = System.nanoTime();
    private long lastReceived = System.nanoTime();

    public ClientCore(EventLoop loop, ClientConfig config, DatagramChannel channel) {
        this.loop = loop;
        this.config = config;
        this.channel = channel;
    }

    // ---- requests, called on the I/O thread by MqttSnClient ----

    public void connect(CompletableFuture<ConnectResult> f) {
        if (state != ClientState.DISCONNECTED) {
            f.completeExceptionally(new IllegalStateException("connect() while " + state));
            return;
        }
        state = ClientState.CONNECTING;
        pipeline.startNow(new ConnectOp(f));
    }

    public void disconnect(CompletableFuture<Void> f) {
        if (state == ClientState.CONNECTED) {
            state = ClientState.DISCONNECTING;
            pipeline.submitAlways(new DisconnectOp(f)); // later requests are refused from now on
        } else if (state == ClientState.CONNECTING) {
            connectionLost(new MqttSnConnectionLostException("disconnect() while connecting"));
            f.complete(null);
        } else {
            f.complete(null);
        }
    }

    public void publish(Topic topic, QoS qos, boolean retain, byte[] payload, CompletableFuture<Void> f) {
        if (qos == QoS.MINUS_ONE && state != ClientState.CONNECTED) {
            new PublishOp(topic, qos, retain, payload, f).start(this); // §6.8: no connection needed
            return;
        }
        submit(new PublishOp(topic, qos, retain, payload, f), f);
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
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the client channel", e);
        }
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
        return state == ClientState.CONNECTED || state == ClientState.DISCONNECTING;
    }

    Inbound inbound() {
        return inbound;
    }

    KeepAlive keepAlive() {
        return keepAlive;
    }

    int nextMsgId() {
        lastMsgId = lastMsgId == 0xFFFF ? 1 : lastMsgId + 1;
        return lastMsgId;
    }

    void onConnAck(ReturnCode rc) {
        if (rc == ReturnCode.ACCEPTED) {
            state = ClientState.CONNECTED;
            lastReceived = System.nanoTime();
            keepAlive.start();
            pipeline.pump();
        } else {
            state = ClientState.DISCONNECTED;
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
        LOG.debug("{}: connection lost: {}", config.clientId(), cause.getMessage());
        endConnection(cause);
        if (was == ClientState.CONNECTED) {
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
        inbound.reset();
        topics.clear();
        pipeline.failAll(cause);
    }

    /** Writes one message; {@code false} when it was not written (the connection may be lost now). */
    boolean send(MqttSnMessage m) {
        if (state == ClientState.CLOSED) {
            return false;
        }
        try {
            if (channel.write(ByteBuffer.wrap(MqttSnCodec.encode(m))) == 0) {
                counters.dropped.incrementAndGet();
                return false;
            }
            counters.out.incrementAndGet();
            lastSent = System.nanoTime();
            return true;
        } catch (PortUnreachableException e) {
            connectionLost(new MqttSnConnectionLostException("gateway port unreachable (ICMP)", e));
        } catch (IOException e) {
            connectionLost(new MqttSnConnectionLostException("cannot send to the gateway: " + e.getMessage(), e));
        }
        return false;
    }

    // ---- DatagramHandler ----

    @Override
    public void onReadable() {
        ByteBuffer buf = loop.readBuffer();
        for (int i = 0; i < MAX_READS_PER_WAKEUP && state != ClientState.CLOSED; i++) {
            buf.clear();
            int n;
            try {
                n = channel.read(buf);
            } catch (PortUnreachableException e) {
                // §6.13 lets a client give up after Nretry; an ICMP "port unreachable" already says nobody listens
                connectionLost(new MqttSnConnectionLostException("gateway port unreachable (ICMP)", e));
                continue;
            } catch (IOException e) {
                LOG.debug("{}: read failed: {}", config.clientId(), e.toString());
                return;
            }
            if (n <= 0) {
                return;
            }
            MqttSnMessage m;
            try {
                m = MqttSnCodec.decode(buf.array(), 0, n);
            } catch (MqttSnDecodeException e) {
                counters.decodeErrors.incrementAndGet();
                counters.dropped.incrementAndGet();
                LOG.debug("{}: dropped an undecodable datagram: {}", config.clientId(), e.getMessage());
                continue;
            }
            counters.in.incrementAndGet();
            lastReceived = System.nanoTime();
            Dispatch.dispatch(this, m);
        }
    }

    @Override
    public void onLoopClosed() {
        close();
    }
}
