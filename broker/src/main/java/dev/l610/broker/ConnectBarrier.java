package dev.l610.broker;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribePayload;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A handler in front of Moquette 0.17's MQTT handler, one per connection, that works around two faults of
 * that broker (issue 16):
 *
 * <ul>
 *   <li><b>Packets after CONNECT.</b> Moquette runs a CONNECT on one of its session threads and marks the
 *       connection "connected" in a listener on the CONNACK write, which may run later as a task on the
 *       I/O thread. A SUBSCRIBE read before that listener ran (pipelined right after CONNECT, as MQTT
 *       3.1.1 §3.1.4 allows, or read right after the CONNACK on a busy machine) makes Moquette close the
 *       connection ("SUBSCRIBE received on already closed connection"), without a CONNACK when pipelined.
 *       This handler holds every packet read after CONNECT. When a successful CONNACK goes out, it feeds
 *       Moquette one UNSUBSCRIBE of its own: Moquette runs it on the same session thread after the
 *       CONNECT and writes its UNSUBACK after the listener has been added, so that UNSUBACK is written
 *       after the listener ran. The handler swallows that UNSUBACK and only then releases the held
 *       packets, in order. A causal barrier, no delay. The client's own UNSUBSCRIBEs are among the held
 *       packets, so the first UNSUBACK with the barrier's packet id is the barrier's. Packets still held when
 *       the connection closes are given to Moquette before it learns of the close (a DISCONNECT sent
 *       right after CONNECT drops the will).</li>
 *   <li><b>The retain flag</b> of retained messages delivered on SUBSCRIBE: see {@link #forward}.</li>
 *   <li><b>Commands dropped.</b> Moquette runs each packet as a command on a bounded queue per session
 *       thread and drops it when that queue is full (a PUBLISH never acknowledged: 4,500 of a burst of
 *       8,000 QoS 1 PUBLISHes). While the queues are more than an eighth full, this handler stops reading from its connection and holds what was read, then goes on in order: TCP
 *       back-pressure instead of loss.</li>
 *   <li><b>Answers dropped</b> when the connection is not writable: see {@link #flush}.</li>
 *   <li><b>Acknowledged before stored.</b> Moquette writes the PUBACK (QoS 1) or PUBREC (QoS 2) of a
 *       retained PUBLISH before it stores the message ({@code PostOffice.receivedPublishQos1}: sendPubAck,
 *       then manageRetain), so a client that subscribes as soon as its publisher saw the acknowledgement
 *       may get no retained message. After such a PUBLISH this handler feeds Moquette a marker
 *       UNSUBSCRIBE, which the same session thread runs after storing, and holds the acknowledgement until
 *       the marker's UNSUBACK.</li>
 *   <li><b>A resumed session</b> (issue 13): Moquette numbers PUBLISHes per connection but keeps
 *       unacknowledged ones per session by packet id, so a resumed session's first message replaced an
 *       unacknowledged one ({@link PacketIdContinuation} carries the numbering over); and it sends
 *       unacknowledged PUBLISH / PUBREL again only from a 5 s idle timer, not on the reconnect
 *       ({@link InflightMirror} sends them right after the CONNACK). And a client's PUBLISH re-sent with DUP
 *       made Moquette's session thread die when nothing had failed the first time ({@link DupPublishGuard}).</li>
 *   <li><b>Stack traces on resets.</b> Moquette logs an error with a stack trace for every I/O exception
 *       (a client resetting its connection), and Netty warns with one for an exception fired after
 *       Moquette's handler. An {@link IOException} stops here and after Moquette's handler: the connection
 *       is closed (Moquette cleans up on channel inactive as for any close) and one line is logged at
 *       INFO ({@code dev.l610.broker.EmbeddedBroker}). Moquette's per-packet INFO trace
 *       ({@code MQTTMessageLogger}) is taken out unless its logger is at DEBUG.</li>
 * </ul>
 */
final class ConnectBarrier extends ChannelDuplexHandler {

    /** A filter nobody subscribes to (MQTT 3.1.1 §3.10.4: the server answers UNSUBACK anyway). */
    static final String FILTER = "l610/internal/broker-barrier";
    /** The barrier's packet id; any id is fine because the client's packets are held meanwhile. */
    static final int PACKET_ID = 1;

    private enum State { NEW, WAIT_CONNACK, WAIT_UNSUBACK, OPEN, FULL }

    /** How often a connection held back by full command queues looks again (only while they are full). */
    private static final long ROOM_CHECK_MICROS = 500;

    /** True while Moquette's session command queues have room (see {@code EmbeddedBroker.commandRoom}). */
    private final java.util.function.BooleanSupplier room;

    ConnectBarrier(java.util.function.BooleanSupplier room, PacketIdContinuation packetIds, InflightMirror inflight,
                   DupPublishGuard dups) {
        this.room = room;
        this.packetIds = packetIds;
        this.inflight = inflight;
        this.dups = dups;
    }

    /** Packets held while a connection is being set up; a client that sends more is closed. */
    static final int MAX_HELD = 1024;

    private State state = State.NEW;
    private final PacketIdContinuation packetIds;
    private final InflightMirror inflight;
    private final DupPublishGuard dups;
    /** The client id of this connection's CONNECT; null before it. */
    private String clientId;
    /** CONNECT with clean session 0: Moquette keeps the session, and the fixes for resuming it track it. */
    private boolean persistent;
    /** Reading stopped because too much waits to be written to the client (see {@link #flush}). */
    private boolean outputPaused;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    /** An UNSUBSCRIBE of the client's own, in {@link #unsubscribes}. */
    private static final int CLIENTS = -2;
    /** A marker after a SUBSCRIBE, in {@link #unsubscribes}. */
    private static final int AFTER_SUBSCRIBE = -1;
    /**
     * UNSUBSCRIBEs given to Moquette in order: {@link #CLIENTS}, {@link #AFTER_SUBSCRIBE}, or, for a marker
     * after a retained QoS 1/2 PUBLISH, that PUBLISH's packet id.
     */
    private final ArrayDeque<Integer> unsubscribes = new ArrayDeque<>();
    /** Packet ids of retained PUBLISHes whose marker has not come back: their PUBACK/PUBREC waits for it. */
    private final java.util.Map<Integer, Integer> retaining = new java.util.HashMap<>();
    /** PUBACKs/PUBRECs held until Moquette has stored their retained message, with their promises. */
    private final ArrayDeque<Object[]> heldAcks = new ArrayDeque<>();
    /** SUBACKs written whose marker UNSUBACK has not been: retained messages are being written. */
    private int retainWindows;

    /** Sharable: on being added to a pipeline it replaces itself with a {@link ConnectBarrier} of the connection. */
    @ChannelHandler.Sharable
    static final class Installer extends ChannelInboundHandlerAdapter {
        private final java.util.function.BooleanSupplier room;
        private final PacketIdContinuation packetIds = new PacketIdContinuation();
        private final InflightMirror inflight = new InflightMirror();
        private final DupPublishGuard dups = new DupPublishGuard();

        Installer(java.util.function.BooleanSupplier room) {
            this.room = room;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.pipeline().replace(this, "l610ConnectBarrier", new ConnectBarrier(room, packetIds, inflight, dups));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (state) {
            case OPEN -> {
                if (room.getAsBoolean()) {
                    forward(ctx, msg);
                } else {
                    held.add(msg);
                    holdBack(ctx);
                }
            }
            case FULL -> held.add(msg); // reading is off: at most what the current read had decoded
            case NEW -> {
                if (msg instanceof MqttConnectMessage c && c.fixedHeader() != null && c.decoderResult().isSuccess()
                        && c.payload() != null && c.variableHeader() != null) {
                    state = State.WAIT_CONNACK;
                    clientId = c.payload().clientIdentifier();
                    persistent = !c.variableHeader().isCleanSession() && clientId != null && !clientId.isEmpty();
                    packetIds.resume(ctx.channel(), clientId, c.variableHeader().isCleanSession());
                    if (c.variableHeader().isCleanSession()) {
                        inflight.forget(clientId);
                        dups.forget(clientId);
                    }
                }
                ctx.fireChannelRead(msg);
            }
            default -> {
                if (held.size() == MAX_HELD) {
                    // a client that floods before its CONNACK: bounded, as any bad input is
                    io.netty.util.ReferenceCountUtil.release(msg);
                    ctx.close();
                    return;
                }
                held.add(msg);
            }
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof MqttMessage m && m.fixedHeader() != null && m.fixedHeader().messageType() == MqttMessageType.PUBCOMP
                && m.variableHeader() instanceof MqttMessageIdVariableHeader id) {
            dups.completed(clientId, id.messageId());
        }
        if (persistent && msg instanceof MqttPublishMessage p && p.fixedHeader() != null
                && p.fixedHeader().qosLevel() != MqttQoS.AT_MOST_ONCE && p.variableHeader() != null) {
            if (!p.fixedHeader().isDup()) {
                packetIds.sent(clientId, p.variableHeader().packetId());
            }
            inflight.published(clientId, p);
        }
        if (state == State.WAIT_CONNACK && msg instanceof MqttConnAckMessage ack) {
            boolean accepted = ack.variableHeader().connectReturnCode() == MqttConnectReturnCode.CONNECTION_ACCEPTED;
            if (accepted && clientId != null && !ack.variableHeader().isSessionPresent()) {
                inflight.forget(clientId);
            }
            ctx.write(msg, promise);
            if (accepted && persistent && ack.variableHeader().isSessionPresent()) {
                // MQTT-4.4.0-1, which Moquette leaves to a 5 s idle timer: right after the CONNACK, before anything new
                for (MqttMessage again : inflight.resend(clientId)) {
                    ctx.write(again);
                }
                ctx.flush();
            }
            if (accepted) {
                state = State.WAIT_UNSUBACK;
                ctx.executor().execute(() -> ctx.fireChannelRead(barrier()));
            } else {
                state = State.OPEN; // Moquette closes the connection
                releaseHeld();
            }
            return;
        }
        if (state == State.WAIT_UNSUBACK && msg instanceof MqttMessage m && m.fixedHeader() != null
                && m.fixedHeader().messageType() == MqttMessageType.UNSUBACK
                && m.variableHeader() instanceof MqttMessageIdVariableHeader id && id.messageId() == PACKET_ID) {
            ReferenceCountUtil.release(msg);
            promise.setSuccess();
            state = State.OPEN;
            if (inactiveHeld || !ctx.channel().isActive()) { // closed meanwhile: the held packets, then the close
                while (!held.isEmpty()) {
                    forward(ctx, held.poll());
                }
                if (inactiveHeld) {
                    inactiveNow(ctx);
                }
                return;
            }
            while (!held.isEmpty() && ctx.channel().isActive() && room.getAsBoolean()) {
                forward(ctx, held.poll());
            }
            if (!held.isEmpty() && ctx.channel().isActive()) {
                holdBack(ctx);
            } else {
                releaseHeld();
            }
            return;
        }
        if ((state == State.OPEN || state == State.FULL) && msg instanceof MqttMessage m && m.fixedHeader() != null) {
            switch (m.fixedHeader().messageType()) {
                case SUBACK -> retainWindows++;
                case UNSUBACK -> {
                    Integer kind = unsubscribes.poll();
                    if (kind != null && kind != CLIENTS) {
                        if (kind == AFTER_SUBSCRIBE) { // Moquette is past that SUBSCRIBE
                            retainWindows = Math.max(0, retainWindows - 1);
                        } else { // Moquette has stored the retained message of that PUBLISH
                            retained(ctx, kind);
                        }
                        ReferenceCountUtil.release(msg);
                        promise.setSuccess();
                        return;
                    }
                }
                case PUBACK, PUBREC -> {
                    if (m.variableHeader() instanceof MqttMessageIdVariableHeader id
                            && retaining.containsKey(id.messageId())) {
                        heldAcks.add(new Object[] {id.messageId(), msg, promise});
                        return;
                    }
                }
                case PUBLISH -> {
                    if (retainWindows > 0 && !m.fixedHeader().isRetain() && !m.fixedHeader().isDup()
                            && msg instanceof MqttPublishMessage p) {
                        MqttFixedHeader h = p.fixedHeader();
                        ctx.write(new MqttPublishMessage(new MqttFixedHeader(h.messageType(), false, h.qosLevel(), true,
                                h.remainingLength()), p.variableHeader(), p.payload()), promise);
                        return;
                    }
                }
                default -> { }
            }
        }
        ctx.write(msg, promise);
    }

    /**
     * Moquette's command queues are nearly full: Moquette would drop this connection's packets (a PUBLISH
     * never acknowledged). Stop reading and hold what was read until they have room again, then go on in
     * order. Back-pressure on the client through TCP, as a broker that cannot keep up should do.
     */
    private void holdBack(ChannelHandlerContext ctx) {
        state = State.FULL;
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> goOn(ctx), ROOM_CHECK_MICROS, java.util.concurrent.TimeUnit.MICROSECONDS);
    }

    private void goOn(ChannelHandlerContext ctx) {
        if (state != State.FULL || !ctx.channel().isActive()) {
            return;
        }
        while (!held.isEmpty() && room.getAsBoolean()) {
            forward(ctx, held.poll());
        }
        if (!held.isEmpty()) {
            ctx.executor().schedule(() -> goOn(ctx), ROOM_CHECK_MICROS, java.util.concurrent.TimeUnit.MICROSECONDS);
            return;
        }
        state = State.OPEN;
        ctx.channel().config().setAutoRead(!outputPaused);
    }

    /**
     * Moquette 0.17 sends a retained message at QoS 1 or 2 with the retain flag 0 (issue 16, fault 4;
     * {@code Session.sendPublishQos1} builds a "not retained" PUBLISH whatever it was asked). It runs a
     * SUBSCRIBE on the client's session thread: SUBACK, then the retained messages of the new
     * subscriptions; live messages for the client are commands on that same thread. So after each
     * SUBSCRIBE this handler feeds Moquette a marker UNSUBSCRIBE, which that thread runs next: a PUBLISH
     * written between the SUBACK and the marker's UNSUBACK is a retained one, and gets the retain flag.
     * (A live message can only fall in that window if another client's PUBLISH was queued for this
     * session between the SUBSCRIBE and the marker, which the I/O thread queues right after it.)
     * UNSUBACKs come back in the order of the UNSUBSCRIBEs, so the marker's are told apart by order.
     */
    private void forward(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MqttPublishMessage p && p.fixedHeader() != null && p.decoderResult().isSuccess()) {
            msg = dups.undup(ctx.channel(), clientId, p);
            if (msg == null) { // a QoS 2 copy Moquette has had: acknowledged again, not routed again
                ctx.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBREC, false, MqttQoS.AT_MOST_ONCE, false, 0),
                        MqttMessageIdVariableHeader.from(p.variableHeader().packetId())));
                ReferenceCountUtil.release(p);
                return;
            }
        }
        if (msg instanceof MqttMessage m && m.fixedHeader() != null && m.decoderResult().isSuccess()) {
            MqttMessageType type = m.fixedHeader().messageType();
            if ((type == MqttMessageType.PUBACK || type == MqttMessageType.PUBREC || type == MqttMessageType.PUBCOMP)
                    && persistent && m.variableHeader() instanceof MqttMessageIdVariableHeader id) {
                inflight.acknowledged(clientId, type, id.messageId());
            }
            if (m.fixedHeader().messageType() == MqttMessageType.UNSUBSCRIBE) {
                unsubscribes.add(CLIENTS);
            } else if (m.fixedHeader().messageType() == MqttMessageType.SUBSCRIBE) {
                ctx.fireChannelRead(msg);
                unsubscribes.add(AFTER_SUBSCRIBE);
                ctx.fireChannelRead(barrier());
                return;
            } else if (m.fixedHeader().messageType() == MqttMessageType.PUBLISH && m.fixedHeader().isRetain()
                    && m.fixedHeader().qosLevel() != MqttQoS.AT_MOST_ONCE && msg instanceof MqttPublishMessage p) {
                int packetId = p.variableHeader().packetId();
                // before the PUBLISH goes in: Moquette may write the PUBREC on this thread, inside the call
                retaining.merge(packetId, 1, Integer::sum);
                ctx.fireChannelRead(msg);
                unsubscribes.add(packetId);
                ctx.fireChannelRead(barrier());
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** The marker after the retained PUBLISH {@code packetId} is back: its acknowledgement may go out now. */
    private void retained(ChannelHandlerContext ctx, int packetId) {
        if (retaining.merge(packetId, -1, Integer::sum) <= 0) {
            retaining.remove(packetId);
        }
        for (java.util.Iterator<Object[]> it = heldAcks.iterator(); it.hasNext(); ) {
            Object[] ack = it.next();
            if ((int) ack[0] == packetId) {
                it.remove();
                ctx.writeAndFlush(ack[1], (ChannelPromise) ack[2]);
            }
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // the pipeline is complete now: Moquette's handler and its per-packet INFO trace are in it
        if (!MESSAGE_LOG.isDebugEnabled() && ctx.pipeline().get("messageLogger") != null) {
            ctx.pipeline().remove("messageLogger");
        }
        ctx.pipeline().addLast("l610IoErrors", IO_ERRORS);
        ctx.channel().config().setWriteBufferWaterMark(WATER_MARK);
        ctx.fireChannelActive();
    }

    /**
     * Moquette writes PUBACK, PUBREC, PUBCOMP and PUBLISH only while the channel is writable and drops
     * them otherwise ({@code MQTTConnection.sendIfWritableElseDrop}): a client that sends faster than it
     * reads (or a subscriber that stops reading for a while, as a modem with a full store does) lost
     * acknowledgements and messages once 64 KiB (Netty's default) waited to be written. Here a connection
     * is writable until {@link #WATER_MARK}'s 16 MiB wait, and reading from it stops while more than
     * {@link #OUTPUT_PAUSE} waits, so what the client sends waits in TCP instead of its answers being
     * dropped; only a subscriber that reads nothing while others send it 16 MiB loses messages then.
     */
    @Override
    public void flush(ChannelHandlerContext ctx) {
        ctx.flush();
        if (!outputPaused && WATER_MARK.high() - ctx.channel().bytesBeforeUnwritable() > OUTPUT_PAUSE) {
            outputPaused = true;
            ctx.channel().config().setAutoRead(false);
            ctx.executor().schedule(() -> outputDrained(ctx), ROOM_CHECK_MICROS, java.util.concurrent.TimeUnit.MICROSECONDS);
        }
    }

    private void outputDrained(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!ctx.channel().isWritable() || WATER_MARK.high() - ctx.channel().bytesBeforeUnwritable() > OUTPUT_RESUME) {
            ctx.executor().schedule(() -> outputDrained(ctx), ROOM_CHECK_MICROS, java.util.concurrent.TimeUnit.MICROSECONDS);
            return;
        }
        outputPaused = false;
        if (state != State.FULL) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Moquette drops what it writes to a client beyond this much waiting. */
    static final io.netty.channel.WriteBufferWaterMark WATER_MARK = new io.netty.channel.WriteBufferWaterMark(8 << 20, 16 << 20);
    /** Reading from a client stops while this much waits to be written to it, and goes on below {@link #OUTPUT_RESUME}. */
    static final long OUTPUT_PAUSE = 1 << 20;
    static final long OUTPUT_RESUME = 512 << 10;

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!closedQuietly(ctx, cause)) {
            ctx.fireExceptionCaught(cause);
        }
    }

    /** An I/O exception (a reset, a write on a closed channel): one line at INFO, the connection closed. */
    private static boolean closedQuietly(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            return false;
        }
        LOG.info("MQTT connection from {} ended: {}", ctx.channel().remoteAddress(),
                cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
        ctx.close();
        return true;
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EmbeddedBroker.class);
    /** Moquette's per-packet trace, at INFO: kept in the pipeline only when its logger is at DEBUG. */
    private static final org.slf4j.Logger MESSAGE_LOG = org.slf4j.LoggerFactory.getLogger("io.moquette.broker.metrics.MQTTMessageLogger");

    /**
     * After Moquette's handler: I/O exceptions fired from there (a write failing on a closed channel)
     * would reach the pipeline's tail, which logs a warning with a stack trace.
     */
    private static final ChannelHandler IO_ERRORS = new IoErrors();

    @ChannelHandler.Sharable
    private static final class IoErrors extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!closedQuietly(ctx, cause)) {
                ctx.fireExceptionCaught(cause);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.WAIT_UNSUBACK && !held.isEmpty()) {
            // the client sent more and closed before Moquette could take it: what it sent still counts,
            // above all a DISCONNECT, which drops the will. Moquette learns of the close after the held
            // packets, once the barrier's UNSUBACK has come (or, should it never, after a while).
            inactiveHeld = true;
            ctx.executor().schedule(() -> inactiveNow(ctx), INACTIVE_HOLD_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            return;
        }
        if (state == State.FULL) { // Moquette takes packets; the queues are busy, but these are the last
            state = State.OPEN;
            Object m;
            while ((m = held.poll()) != null) {
                forward(ctx, m);
            }
        }
        inactiveNow(ctx);
    }

    /** The longest Moquette learns of a close late, waiting for the barrier's UNSUBACK. */
    private static final long INACTIVE_HOLD_SECONDS = 5;

    /** The channel closed while packets were held before the barrier's UNSUBACK; not yet told to Moquette. */
    private boolean inactiveHeld;
    private boolean inactiveFired;

    private void inactiveNow(ChannelHandlerContext ctx) {
        if (inactiveFired) {
            return;
        }
        inactiveFired = true;
        inactiveHeld = false;
        releaseHeld();
        releaseHeldAcks();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeld();
        releaseHeldAcks();
    }

    private void releaseHeld() {
        Object m;
        while ((m = held.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
    }

    /** Acknowledgements held for a retained message: the connection is gone, so is the need. */
    private void releaseHeldAcks() {
        Object[] ack;
        while ((ack = heldAcks.poll()) != null) {
            ReferenceCountUtil.release(ack[1]);
            ((ChannelPromise) ack[2]).tryFailure(new java.nio.channels.ClosedChannelException());
        }
    }

    private static MqttUnsubscribeMessage barrier() {
        return new MqttUnsubscribeMessage(
                new MqttFixedHeader(MqttMessageType.UNSUBSCRIBE, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(PACKET_ID),
                new MqttUnsubscribePayload(List.of(FILTER)));
    }
}
