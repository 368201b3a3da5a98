package dev.l610.modem.internal.mqtt3;

import dev.l610.modem.internal.net.PathFaults;
import dev.l610.modem.internal.net.Resets;
import dev.l610.modem.mqtt.InboundMessage;
import dev.l610.modem.mqtt.MqttSession;
import dev.l610.modem.mqtt.OpenParams;
import dev.l610.modem.mqtt.Topic;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One MQTT 3.1.1 connection of AT client id 1 or 2 (docs/at-reference.md §3, §6), our own client on Netty's MQTT
 * codec. Its channel is registered on the modem's own event loop, so every channel callback, every
 * {@link MqttSession.Events} call, every timer and every future completion runs there: no hand-off, no
 * locks. Public methods may be called from any thread (they post to the loop).
 *
 * <ul>
 *   <li>DNS runs on the given resolver (never on the loop); then TCP, optional TLS with host name
 *       verification, CONNECT; {@link #connect()} completes with the CONNACK return code.</li>
 *   <li>Session state (unacknowledged QoS 1/2, incoming QoS 2 ids, packet ids) lives in the slot's
 *       {@link Mqtt3State}; it is re-sent after a CONNACK with session present, before anything new.</li>
 *   <li>Outcomes belong to this connection: when it ends, every future still pending on it completes
 *       exceptionally at once, and nothing of it completes later.</li>
 *   <li>Keepalive: PINGREQ after a keepalive period without a write; nothing from the broker for
 *       1.5 x keepalive: {@code onLost(TimeoutException)} and the channel is closed.</li>
 *   <li>Malformed or unexpected packets from the broker end the connection ({@code onLost}); acks for
 *       unknown packet ids are ignored (debug log).</li>
 * </ul>
 */
public final class Mqtt3Connection implements MqttSession {

    private static final Logger LOG = LoggerFactory.getLogger(Mqtt3Connection.class);

    /** The largest packet accepted from the broker (remaining length): 1 MiB of payload plus a topic. */
    public static final int MAX_PACKET_BYTES = (1 << 20) + 65_536;

    private final EventLoop loop;
    private final Class<? extends SocketChannel> channelClass;
    private final OpenParams params;
    private final Events events;
    private final Mqtt3State state;
    private final SslContext ssl;
    /** The local address to connect from, or null for the system's choice. */
    private InetAddress source;
    private final PathFaults faults;
    private final Function<String, CompletableFuture<InetAddress>> resolver;
    private final Duration connectTimeout;

    private final CompletableFuture<Integer> connected = new CompletableFuture<>();
    /** Outgoing QoS 1/2 publishes of this connection, by packet id. */
    private final Map<Integer, CompletableFuture<Boolean>> publishes = new HashMap<>();
    /** SUBSCRIBE / UNSUBSCRIBE of this connection awaiting SUBACK / UNSUBACK, by packet id. */
    private final Map<Integer, CompletableFuture<Boolean>> requests = new HashMap<>();
    /** Incoming QoS 1/2 ids delivered on this connection and not yet acknowledged: a duplicate is not delivered again. */
    private final Set<Integer> delivering = new HashSet<>();
    private Channel channel;
    private ScheduledFuture<?> connectTimer;
    private boolean started;
    private boolean open;
    private boolean ended;
    private boolean byUser;
    private boolean paused;
    private Throwable failure;

    /**
     * @param loop the modem's event loop: the channel, its timers and every callback run there
     * @param channelClass {@code ModemRuntime.socketChannelClass()} (must match the loop's transport)
     * @param state the session state of the AT client id slot, shared by all its connections
     * @param sslOrNull the TLS context ({@link Mqtt3Tls#clientContext}); needed only when {@code params.tls()}
     * @param faults the modem's path faults (null: none); its handler goes first in the pipeline
     * @param resolver host name to address, off the loop ({@link Resolver#on})
     * @param connectTimeout from the start to CONNACK (DNS, TCP, TLS, CONNECT)
     */
    public Mqtt3Connection(EventLoop loop, Class<? extends SocketChannel> channelClass, OpenParams params,
                           Events events, Mqtt3State state, SslContext sslOrNull, PathFaults faults,
                           Function<String, CompletableFuture<InetAddress>> resolver, Duration connectTimeout) {
        this.loop = loop;
        this.channelClass = channelClass;
        this.params = params;
        this.events = events;
        this.state = state;
        this.ssl = sslOrNull;
        this.faults = faults;
        this.resolver = resolver;
        this.connectTimeout = connectTimeout;
    }

    /** Completes (on the loop) with the CONNACK return code; exceptionally on I/O error, timeout or abort. */
    /** Connects from {@code localAddress} (null: the system's choice); call before {@link #connect()}. */
    public Mqtt3Connection from(InetAddress localAddress) {
        this.source = localAddress;
        return this;
    }

    @Override
    public CompletableFuture<Integer> connect() {
        onLoop(this::start, connected::completeExceptionally);
        return connected;
    }

    @Override
    public CompletableFuture<Boolean> subscribe(Topic topic, int qos) {
        return call(f -> {
            String filter = name(topic);
            int id = request(f);
            if (id != 0) {
                send(Mqtt3Packets.subscribe(id, filter, qos), id, requests);
            }
        });
    }

    @Override
    public CompletableFuture<Boolean> unsubscribe(Topic topic) {
        return call(f -> {
            String filter = name(topic);
            int id = request(f);
            if (id != 0) {
                send(Mqtt3Packets.unsubscribe(id, filter), id, requests);
            }
        });
    }

    @Override
    public CompletableFuture<Boolean> publish(Topic topic, int qos, boolean retain, byte[] payload) {
        return call(f -> {
            String name = name(topic);
            if (qos < 0 || qos > 2) {
                throw new IllegalArgumentException("qos must be 0..2, was " + qos);
            }
            requireOpen();
            byte[] copy = payload.clone();
            if (qos == 0) {
                channel.writeAndFlush(Mqtt3Packets.publish(name, 0, retain, false, 0, copy)).addListener(w -> {
                    if (w.isSuccess()) {
                        f.complete(true);
                    } else {
                        f.completeExceptionally(w.cause());
                    }
                });
                return;
            }
            int id = state.full() ? 0 : state.nextPacketId(requests::containsKey);
            if (id == 0) {
                LOG.debug("{}: {} messages in flight, publish refused", params.clientId(), state.inFlight());
                f.complete(false);
                return;
            }
            state.add(new Mqtt3State.Outgoing(id, name, qos, retain, copy));
            publishes.put(id, f);
            send(Mqtt3Packets.publish(name, qos, retain, false, id, copy), id, publishes);
        });
    }

    /** DISCONNECT, then close: the broker drops the will. Completes when the channel is closed. */
    @Override
    public CompletableFuture<Void> disconnect() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> {
            if (ended || channel == null || !open) {
                byUser = true;
                end(new IOException("closed"));
                if (channel != null) {
                    Resets.reset(channel);
                    channel.closeFuture().addListener(c -> done.complete(null));
                } else {
                    done.complete(null);
                }
                return;
            }
            byUser = true;
            Channel ch = channel;
            end(new IOException("disconnected"));
            ch.writeAndFlush(Mqtt3Packets.disconnect()).addListener(w -> ch.close());
            ch.closeFuture().addListener(c -> done.complete(null));
        }, e -> done.complete(null));
        return done;
    }

    /**
     * Stops or restarts reading this connection ({@code autoRead}); from any thread. While paused the
     * broker's silence does not end the connection (nothing is read, so nothing can be heard).
     */
    @Override
    public void pauseReading(boolean pause) {
        onLoop(() -> {
            paused = pause;
            if (channel != null && !ended) {
                channel.config().setAutoRead(!pause);
            }
        }, e -> { });
    }

    /** Whether reading is paused by {@link #pauseReading}. */
    public boolean readingPaused() {
        return paused;
    }

    /** Reset: {@code SO_LINGER 0} then close, so the broker sees RST and publishes the will. No {@code onLost}. */
    @Override
    public void abort() {
        onLoop(() -> {
            byUser = true;
            end(new IOException("aborted"));
            if (channel != null) {
                Resets.reset(channel);
            }
        }, e -> { });
    }

    // ---- connecting ------------------------------------------------------------------------------

    private void start() {
        if (started) {
            return;
        }
        started = true;
        if (ended) {
            return; // aborted before connect(): end() has answered
        }
        if (params.tls() && ssl == null) {
            end(new IllegalStateException("TLS asked for but no SslContext given"));
            return;
        }
        if (params.cleanSession()) {
            state.clear();
        }
        connectTimer = loop.schedule(() -> {
            connectTimer = null;
            fail(new TimeoutException("no CONNACK within " + connectTimeout.toMillis() + " ms"));
        }, connectTimeout.toNanos(), TimeUnit.NANOSECONDS);
        CompletableFuture<InetAddress> address;
        try {
            address = resolver.apply(params.host());
        } catch (RuntimeException e) {
            address = CompletableFuture.failedFuture(e);
        }
        address.whenComplete((a, e) -> onLoop(() -> resolved(a, e), x -> { }));
    }

    private void resolved(InetAddress address, Throwable error) {
        if (ended) {
            return; // aborted or timed out meanwhile: nothing was opened
        }
        if (error != null || address == null) {
            end(error == null ? new IOException("no address for " + params.host()) : unwrap(error));
            return;
        }
        Bootstrap b = new Bootstrap().group(loop).channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis())))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        pipeline(ch);
                    }
                });
        if (source != null && io.netty.channel.epoll.EpollSocketChannel.class.isAssignableFrom(channelClass)) {
            // the port is picked at connect time, for the whole 4-tuple: bind(address, 0) first would search the
            // ports free for every address, which grows costly with many thousands of connections (a fleet)
            b.option(io.netty.channel.epoll.EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
        ChannelFuture f = source == null ? b.connect(new InetSocketAddress(address, params.port()))
                : b.connect(new InetSocketAddress(address, params.port()), new InetSocketAddress(source, 0));
        channel = f.channel();
        f.addListener(c -> {
            if (!c.isSuccess()) {
                end(c.cause());
            }
        });
    }

    private void pipeline(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        if (faults != null) {
            p.addLast("faults", faults.streamHandler());
        }
        int keepalive = params.keepAliveSeconds();
        if (keepalive > 0) {
            long ms = TimeUnit.SECONDS.toMillis(keepalive);
            p.addLast("keepalive", new IdleStateHandler(ms * 3 / 2, ms, 0, TimeUnit.MILLISECONDS));
        }
        if (params.tls()) {
            p.addLast("tls", Mqtt3Tls.handler(ssl, ch.alloc(), params.host(), params.port()));
        }
        p.addLast("decoder", new MqttDecoder(MAX_PACKET_BYTES));
        p.addLast("encoder", MqttEncoder.INSTANCE);
        // one flush (one syscall) for all the packets written in one turn of the loop: a host that sends
        // several AT+MQTTPUB in one write gets them on the wire together
        p.addLast("flush", new io.netty.handler.flush.FlushConsolidationHandler(
                io.netty.handler.flush.FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        p.addLast("mqtt", new Protocol());
    }

    private void connack(MqttConnAckMessage m) {
        cancelConnectTimer();
        int rc = m.variableHeader().connectReturnCode().byteValue() & 0xff;
        if (rc != 0) {
            connected.complete(rc);
            end(new IOException("CONNACK refused: " + rc));
            channel.close();
            return;
        }
        open = true;
        if (!params.cleanSession()) {
            if (m.variableHeader().isSessionPresent()) {
                resend();
            } else {
                state.clear(); // the broker has no session: neither do we
            }
        }
        connected.complete(0);
    }

    /** MQTT-4.4.0-1: unacknowledged PUBLISH again with DUP, PUBREL again, in their original order. */
    private void resend() {
        for (Mqtt3State.Outgoing o : state.unacknowledged()) {
            channel.write(o.released ? Mqtt3Packets.reply(MqttMessageType.PUBREL, o.id)
                    : Mqtt3Packets.publish(o.topic, o.qos, o.retain, true, o.id, o.payload));
        }
        channel.flush();
    }

    // ---- inbound ---------------------------------------------------------------------------------

    /** The last handler of the pipeline: MQTT packets from the broker. */
    private final class Protocol extends ChannelInboundHandlerAdapter {

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.fireChannelActive();
            if (ended) {
                Resets.reset(ctx.channel());
                return;
            }
            ctx.writeAndFlush(Mqtt3Packets.connect(params)).addListener(w -> {
                if (!w.isSuccess()) {
                    fail(w.cause());
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (paused && ctx.channel().config().isAutoRead()) {
                ctx.channel().config().setAutoRead(false); // another handler (path faults) turned it on again
            }
            try {
                if (!ended && msg instanceof MqttMessage m) {
                    handle(m);
                }
            } catch (RuntimeException e) {
                fail(e);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent idle && open && !ended) {
                if (idle.state() == IdleState.WRITER_IDLE) {
                    ctx.writeAndFlush(Mqtt3Packets.pingreq());
                } else if (idle.state() == IdleState.READER_IDLE && !paused) { // paused: we do not listen
                    fail(new TimeoutException("nothing from the broker for 1.5 x keepalive ("
                            + params.keepAliveSeconds() + " s)"));
                }
            } else if (evt instanceof SslHandshakeCompletionEvent hs && !hs.isSuccess()) {
                fail(hs.cause());
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            end(failure != null ? failure : new IOException("connection closed by the broker"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("{}: connection failed", params.clientId(), cause);
            fail(cause);
        }
    }

    private void handle(MqttMessage m) {
        if (m.decoderResult().isFailure()) {
            fail(new IOException("malformed packet from the broker: " + m.decoderResult().cause(), m.decoderResult().cause()));
            return;
        }
        MqttMessageType type = m.fixedHeader().messageType();
        if (!open) {
            if (type == MqttMessageType.CONNACK && !connected.isDone()) {
                connack((MqttConnAckMessage) m);
            } else {
                fail(new IOException(type + " before CONNACK"));
            }
            return;
        }
        switch (type) {
            case PUBLISH -> inbound((MqttPublishMessage) m);
            case PUBACK -> acked(MqttMessageType.PUBACK, id(m), 1, false);
            case PUBREC -> received(id(m));
            case PUBCOMP -> acked(MqttMessageType.PUBCOMP, id(m), 2, true);
            case PUBREL -> {
                int id = id(m);
                state.incomingReleased(id);
                channel.writeAndFlush(Mqtt3Packets.reply(MqttMessageType.PUBCOMP, id));
            }
            case SUBACK -> {
                int id = id(m);
                CompletableFuture<Boolean> f = requests.remove(id);
                if (f == null) {
                    unknown(type, id);
                } else {
                    f.complete(((MqttSubAckMessage) m).payload().grantedQoSLevels().stream().noneMatch(c -> c == 0x80));
                }
            }
            case UNSUBACK -> {
                int id = id(m);
                CompletableFuture<Boolean> f = requests.remove(id);
                if (f == null) {
                    unknown(type, id);
                } else {
                    f.complete(true);
                }
            }
            case PINGRESP -> { }
            default -> fail(new IOException("unexpected " + type + " from the broker"));
        }
    }

    /** PUBACK of a QoS 1 or PUBCOMP of a released QoS 2 message: it is done. */
    private void acked(MqttMessageType type, int id, int qos, boolean mustBeReleased) {
        Mqtt3State.Outgoing o = state.outgoing(id);
        if (o == null || o.qos != qos || o.released != mustBeReleased) {
            unknown(type, id);
            return;
        }
        state.remove(id);
        CompletableFuture<Boolean> f = publishes.remove(id);
        if (f != null) {
            f.complete(true);
        } // else: re-sent from an earlier connection, whose outcome was answered when it ended
    }

    private void received(int id) {
        Mqtt3State.Outgoing o = state.outgoing(id);
        if (o == null || o.qos != 2) {
            unknown(MqttMessageType.PUBREC, id);
            return;
        }
        o.released = true;
        channel.writeAndFlush(Mqtt3Packets.reply(MqttMessageType.PUBREL, id));
    }

    private void inbound(MqttPublishMessage p) {
        int qos = p.fixedHeader().qosLevel().value();
        int id = p.variableHeader().packetId();
        if (qos == 2 && state.incomingPending(id)) {
            if (!p.fixedHeader().isDup()) {
                // MQTT 3.1.1 §4.3.3: still a duplicate until PUBREL; a broker that forgot the exchange loses it
                LOG.warn("{}: QoS 2 PUBLISH {} without DUP while {} awaits PUBREL: acknowledged, not delivered",
                        params.clientId(), id, id);
            }
            channel.writeAndFlush(Mqtt3Packets.reply(MqttMessageType.PUBREC, id)); // acknowledged before: again
            return;
        }
        if (qos > 0 && !delivering.add(id)) {
            // delivered on this connection, acknowledgement pending: not twice. The sender may not reuse an id
            // before its PUBACK / PUBREC, so this is the same message again (a broker re-sending on a timer, as
            // Moquette does every 5 s while a full +MQTTCONF=1 store withholds it); the one acknowledgement covers both
            return;
        }
        byte[] payload = ByteBufUtil.getBytes(p.content());
        Runnable ack = qos == 0 ? () -> { } : new Ack(qos, id);
        try {
            events.onMessage(new InboundMessage(new Topic.Name(p.variableHeader().topicName()), qos,
                    p.fixedHeader().isRetain(), payload, ack));
        } catch (RuntimeException e) {
            LOG.warn("{}: message handler failed", params.clientId(), e);
        }
    }

    /** The acknowledgement of one incoming QoS 1/2 message: PUBACK / PUBREC once, on this connection only. */
    private final class Ack implements Runnable {
        private final int qos;
        private final int id;
        private boolean done;

        Ack(int qos, int id) {
            this.qos = qos;
            this.id = id;
        }

        @Override
        public void run() {
            onLoop(() -> {
                if (done || ended) {
                    return; // ended: no ack, so the broker sends the message again
                }
                done = true;
                delivering.remove(id);
                if (qos == 1) {
                    channel.writeAndFlush(Mqtt3Packets.reply(MqttMessageType.PUBACK, id));
                } else {
                    state.incomingReceived(id);
                    channel.writeAndFlush(Mqtt3Packets.reply(MqttMessageType.PUBREC, id));
                }
            }, e -> { });
        }
    }

    // ---- ending ----------------------------------------------------------------------------------

    /** Ends the connection for {@code cause} and closes the channel. */
    private void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        end(cause);
        if (channel != null) {
            channel.close();
        }
    }

    /**
     * The connection is over: every outcome still pending on it is answered now, and {@code onLost} is
     * called once if it was open and not ended by {@link #abort()} / {@link #disconnect()}. Idempotent.
     */
    private void end(Throwable cause) {
        if (ended) {
            return;
        }
        ended = true;
        cancelConnectTimer();
        boolean wasOpen = open;
        open = false;
        connected.completeExceptionally(cause);
        List<CompletableFuture<Boolean>> pending = new ArrayList<>(publishes.values());
        pending.addAll(requests.values());
        publishes.clear();
        requests.clear();
        delivering.clear();
        IOException gone = new IOException("connection ended: " + cause, cause);
        pending.forEach(f -> f.completeExceptionally(gone));
        if (wasOpen && !byUser) {
            try {
                events.onLost(cause);
            } catch (RuntimeException e) {
                LOG.warn("{}: onLost handler failed", params.clientId(), e);
            }
        }
    }

    private void cancelConnectTimer() {
        if (connectTimer != null) {
            connectTimer.cancel(false);
            connectTimer = null;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private int request(CompletableFuture<Boolean> f) {
        requireOpen();
        int id = state.nextPacketId(requests::containsKey);
        if (id == 0) {
            f.complete(false);
            return 0;
        }
        requests.put(id, f);
        return id;
    }

    /** Writes a packet whose outcome waits in {@code pending}; a packet that cannot be encoded fails at once. */
    private void send(MqttMessage m, int id, Map<Integer, CompletableFuture<Boolean>> pending) {
        channel.writeAndFlush(m).addListener(w -> {
            if (!w.isSuccess() && !ended) {
                CompletableFuture<Boolean> f = pending.remove(id);
                if (pending == publishes) {
                    state.remove(id);
                }
                if (f != null) {
                    f.completeExceptionally(w.cause());
                }
            }
        });
    }

    private void requireOpen() {
        if (!open || ended) {
            throw new IllegalStateException("not connected");
        }
    }

    private void unknown(MqttMessageType type, int id) {
        LOG.debug("{}: {} for unknown packet id {} ignored", params.clientId(), type, id);
    }

    private static int id(MqttMessage m) {
        return ((MqttMessageIdVariableHeader) m.variableHeader()).messageId();
    }

    private static String name(Topic topic) {
        if (topic instanceof Topic.Name n) {
            return n.name();
        }
        throw new IllegalArgumentException("MQTT clients 1 and 2 take topic names only");
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** Runs {@code r} on the loop (now, when already there); {@code rejected} when the loop is shut down. */
    private void onLoop(Runnable r, Consumer<Throwable> rejected) {
        if (loop.inEventLoop()) {
            r.run();
            return;
        }
        try {
            loop.execute(r);
        } catch (RejectedExecutionException e) {
            rejected.accept(e);
        }
    }

    /** An operation on the loop whose future fails with whatever it throws. */
    private CompletableFuture<Boolean> call(Consumer<CompletableFuture<Boolean>> body) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        onLoop(() -> {
            try {
                body.accept(f);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        }, f::completeExceptionally);
        return f;
    }
}
