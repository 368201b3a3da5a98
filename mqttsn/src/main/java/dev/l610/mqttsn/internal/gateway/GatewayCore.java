package dev.l610.mqttsn.internal.gateway;

import dev.l610.mqttsn.codec.ConnAck;
import dev.l610.mqttsn.codec.Connect;
import dev.l610.mqttsn.codec.Disconnect;
import dev.l610.mqttsn.codec.GwInfo;
import dev.l610.mqttsn.codec.MqttSnCodec;
import dev.l610.mqttsn.codec.MqttSnDecodeException;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.MsgType;
import dev.l610.mqttsn.codec.PingReq;
import dev.l610.mqttsn.codec.PubAck;
import dev.l610.mqttsn.codec.Publish;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.RegAck;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.codec.SubAck;
import dev.l610.mqttsn.internal.io.Datagrams;
import dev.l610.mqttsn.internal.io.Loops;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.reactivex.Scheduler;
import io.reactivex.schedulers.Schedulers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's UDP channel and its sessions, keyed by the client's UDP address (MQTT-SN messages
 * carry no client id after CONNECT). Runs on the channel's event loop only.
 *
 * <p>Datagrams are written as they are produced and flushed once per batch: the first write queues a
 * flush task on the loop, which runs after the reads and broker callbacks already queued.
 */
public final class GatewayCore {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayCore.class);

    private final EventLoop loop;
    private final GatewayConfig config;
    private final Scheduler brokerCallbacks;
    private Channel channel;
    private boolean flushQueued;
    private final Runnable flush = this::flush;
    private final GatewayStats stats = new GatewayStats();
    private final Map<InetSocketAddress, GatewaySession> sessions = new ConcurrentHashMap<>();
    private final Map<String, GatewaySession> byClientId = new HashMap<>();
    private final MinusOnePublisher minusOne = new MinusOnePublisher(this);
    /**
     * What a clean-session-0 client's session leaves for its next one (MQTT-SN has no session state on
     * the wire, MQTT 3.1.1 §4.1 asks for it): the last MsgId used towards it, the QoS 2 MsgId whose
     * PUBREL it has not completed or the QoS 2 PUBLISH it has not answered, and its QoS 2 MsgIds already
     * forwarded and awaiting its PUBREL. At most {@link #REMEMBERED} client ids, the oldest forgotten first.
     */
    private final Map<String, SessionMemory> remembered = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SessionMemory> eldest) {
            return size() > REMEMBERED;
        }
    };
    static final int REMEMBERED = 10_000;

    /**
     * @param pendingRelease the QoS 2 MsgId waiting for PUBCOMP, or 0
     * @param received       the client's QoS 2 MsgIds forwarded to the broker and awaiting PUBREL (at most
     *                       {@link FromClient#REMEMBERED_RECEIVED}: a client has one QoS 2 publish in flight, §6.6)
     * @param inFlight       the QoS 2 PUBLISH sent to the client and not answered (the broker sends it again), or null
     */
    record SessionMemory(int lastMsgId, int pendingRelease, int[] received, ToClient.InFlight inFlight) {
    }
    private boolean closed;

    public GatewayCore(EventLoop loop, GatewayConfig config) {
        this.loop = loop;
        this.config = config;
        // a callback after the loop has ended belongs to a session that ended with it: dropped
        this.brokerCallbacks = Schedulers.from(task -> Loops.execute(loop, task));
    }

    /** The channel, before it is registered (its pipeline ends with this core's {@link GatewayHandler}). */
    public void attach(Channel ch) {
        this.channel = ch;
    }

    EventLoop loop() {
        return loop;
    }

    /** HiveMQ's application scheduler for every broker connection of this gateway: its event loop. */
    Scheduler brokerCallbacks() {
        return brokerCallbacks;
    }

    GatewayConfig config() {
        return config;
    }

    public GatewayStats stats() {
        return stats;
    }

    public int sessionCount() {
        return sessions.size();
    }

    /** One datagram from {@code from} (the buffer stays the caller's). */
    void onDatagram(InetSocketAddress from, ByteBuf content) {
        if (closed) {
            return;
        }
        stats.in.incrementAndGet();
        MqttSnMessage m;
        try {
            m = Datagrams.decode(content);
        } catch (MqttSnDecodeException e) {
            onDecodeError(from, e);
            return;
        }
        dispatch(from, m);
    }

    private void dispatch(InetSocketAddress from, MqttSnMessage m) {
        if (m.type() == MsgType.SEARCHGW) {
            send(from, new GwInfo(config.gatewayId())); // §6.1; answered by unicast
            return;
        }
        if (m instanceof PingReq p && !p.clientId().isEmpty()) {
            GatewaySession sleeper = byClientId.get(p.clientId());
            if (sleeper != null && sleeper.isAsleep()) {
                moveTo(sleeper, from); // §6.14: a client may wake up on another address
                sleeper.onMessage(m);
                return;
            }
        }
        GatewaySession session = sessions.get(from);
        if (m instanceof Publish p && p.qos() == QoS.MINUS_ONE && (session == null || !session.isActive())) {
            minusOne.publish(p); // §6.8: no connection needed (inside an active session: forwarded as QoS 0 in order)
            return;
        }
        if (m instanceof Connect c) {
            onConnect(from, c, session);
        } else if (session != null) {
            session.onMessage(m);
        } else {
            noSession(from, m);
        }
    }

    private void onConnect(InetSocketAddress from, Connect c, GatewaySession existing) {
        GatewaySession sleeper = byClientId.get(c.clientId());
        if (sleeper != null && (sleeper.isAsleep() || sleeper.isAwakeFromSleep()) && !c.will() && !c.cleanSession()) {
            moveTo(sleeper, from); // §6.14: CONNECT ends the sleep; the session and its buffered messages stay
            sleeper.wake(c);
            return;
        }
        if (existing != null && existing.onRepeatedConnect(c)) {
            return;
        }
        GatewaySession prior = byClientId.get(c.clientId());
        if (prior != null && !c.cleanSession() && prior.isResumable()) {
            moveTo(prior, from); // ends another session at that address, if any
            prior.resume(c); // clean session 0, back before it was found lost: the session and its broker connection go on
            return;
        }
        if (existing != null) {
            existing.end(); // the client starts over
        }
        GatewaySession sameId = byClientId.get(c.clientId());
        if (sameId != null) {
            sameId.send(new Disconnect()); // the same client id from another address takes the session over
            sameId.end();
        }
        if (sessions.size() >= config.maxSessions()) {
            stats.dropped.incrementAndGet();
            stats.connectsRefused.incrementAndGet();
            send(from, new ConnAck(ReturnCode.REJECTED_CONGESTION));
            return;
        }
        GatewaySession s = new GatewaySession(this, from, c);
        sessions.put(from, s);
        byClientId.put(c.clientId(), s);
        s.start();
    }

    private void noSession(InetSocketAddress from, MqttSnMessage m) {
        stats.dropped.incrementAndGet();
        switch (m.type()) {
            case ADVERTISE:
            case GWINFO:
                return;
            default:
                // DISCONNECT: our answer was lost; anything else: the client has no session, tell it so
                send(from, new Disconnect());
        }
    }

    /** Answers a malformed request with the MsgId parsed before the failure, when the sender has a session. */
    private void onDecodeError(InetSocketAddress from, MqttSnDecodeException e) {
        stats.decodeErrors.incrementAndGet();
        stats.dropped.incrementAndGet();
        LOG.debug("undecodable datagram from {}: {}", from, e.getMessage());
        GatewaySession s = sessions.get(from);
        if (s == null || !s.isActive() || e.messageType().isEmpty() || e.msgId().isEmpty()) {
            return;
        }
        int msgId = e.msgId().getAsInt();
        switch (e.messageType().get()) {
            case REGISTER: send(from, new RegAck(0, msgId, ReturnCode.REJECTED_NOT_SUPPORTED)); break;
            case PUBLISH: send(from, new PubAck(0, msgId, ReturnCode.REJECTED_NOT_SUPPORTED)); break;
            case SUBSCRIBE: send(from, new SubAck(QoS.AT_MOST_ONCE, 0, msgId, ReturnCode.REJECTED_NOT_SUPPORTED)); break;
            default: break;
        }
    }

    void unexpected(InetSocketAddress from, MqttSnMessage m, String state) {
        stats.dropped.incrementAndGet();
        LOG.debug("unexpected {} from {} while {}", m.type(), from, state);
    }

    void send(InetSocketAddress to, MqttSnMessage m) {
        if (closed) {
            return;
        }
        // failures reach GatewayHandler.exceptionCaught (the void promise), counted as dropped there
        channel.write(new DatagramPacket(Datagrams.encode(m), to), channel.voidPromise());
        stats.out.incrementAndGet();
        if (!flushQueued) {
            flushQueued = Loops.execute(loop, flush);
        }
    }

    private void flush() {
        flushQueued = false;
        channel.flush();
    }

    /** A write failed or the channel reported an error. */
    void onChannelError(Throwable cause) {
        stats.dropped.incrementAndGet();
        LOG.debug("gateway channel error: {}", cause.toString());
    }

    /** The session now talks from {@code to}; a different session there ends. */
    private void moveTo(GatewaySession s, InetSocketAddress to) {
        if (s.address().equals(to)) {
            return;
        }
        GatewaySession there = sessions.get(to);
        if (there != null) {
            there.end();
        }
        sessions.remove(s.address(), s);
        s.moveTo(to);
        sessions.put(to, s);
    }

    /** A session ends: remember its state for the client's next clean-session-0 session, or forget it. */
    void remember(String clientId, boolean cleanSession, SessionMemory m) {
        if (cleanSession) {
            remembered.remove(clientId);
        } else {
            remembered.put(clientId, m);
        }
    }

    /** The state a new session of this client takes over (clean session 0), or {@code null}; forgotten for clean session 1. */
    SessionMemory recall(String clientId, boolean cleanSession) {
        SessionMemory m = remembered.remove(clientId);
        return cleanSession ? null : m;
    }

    void remove(GatewaySession s) {
        sessions.remove(s.address(), s);
        byClientId.remove(s.clientId(), s);
    }

    /** Tells every client DISCONNECT, disconnects every broker connection gracefully, closes the socket. */
    public void close() {
        if (closed) {
            return;
        }
        for (GatewaySession s : new ArrayList<>(sessions.values())) {
            s.send(new Disconnect());
            s.end();
        }
        minusOne.close();
        closed = true;
        channel.flush(); // the DISCONNECTs
        channel.close();
    }
}
