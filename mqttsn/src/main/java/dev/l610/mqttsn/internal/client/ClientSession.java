package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.internal.common.RecentIds;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The clean-session-0 state of one client id (MQTT 3.1.1 §4.1, which MQTT-SN 1.2 inherits through the
 * transparent gateway): the QoS 1/2 publishes not yet completed, in the order they were asked for (sent
 * again, PUBLISH with DUP and the same MsgId or PUBREL, first thing after the next CONNACK); the incoming
 * QoS 2 MsgIds awaiting PUBREL (and the last few released); the last MsgId used. It outlives a client when
 * the caller hands it to the next one (the modem builds a client per connection).
 *
 * <p>Bounded: at most {@link #MAX_OUTGOING} outgoing publishes (a publish beyond it is refused); incoming
 * ids are MsgIds (at most 65535). Not thread-safe: used on the client's event loop only, by one client at a
 * time.
 */
public final class ClientSession {

    /** Publishes kept at most; the modem publishes one at a time, a library user may queue more. */
    public static final int MAX_OUTGOING = 1024;

    /** One QoS 1/2 publish: taken, not yet acknowledged (PUBACK / PUBCOMP) or refused. */
    static final class Outgoing {
        final Topic topic;
        final QoS qos;
        final boolean retain;
        final byte[] payload;
        /** 0 until first sent. */
        int msgId;
        /** PUBREC came: PUBREL is what is sent again. */
        boolean released;

        Outgoing(Topic topic, QoS qos, boolean retain, byte[] payload) {
            this.topic = topic;
            this.qos = qos;
            this.retain = retain;
            this.payload = payload;
        }
    }

    private final LinkedHashSet<Outgoing> outgoing = new LinkedHashSet<>();
    /** The MsgIds of {@link #outgoing} sent at least once: not given to anything else. */
    private final Set<Integer> idsInUse = new HashSet<>();
    final Set<Integer> awaitingRelease = new HashSet<>();
    final RecentIds released = new RecentIds(32);
    private int lastMsgId;

    /** Publishes taken and not completed. */
    public int outgoing() {
        return outgoing.size();
    }

    /** Incoming QoS 2 MsgIds acknowledged with PUBREC, awaiting PUBREL. */
    public int awaitingRelease() {
        return awaitingRelease.size();
    }

    /** A new session: nothing in flight, nothing awaiting release (the MsgId counter goes on). */
    public void clear() {
        outgoing.clear();
        idsInUse.clear();
        awaitingRelease.clear();
        released.clear();
    }

    /** The next MsgId (1..65535, wrapping), skipping those of publishes in flight. */
    int nextMsgId() {
        for (int i = 0; i < 0xFFFF; i++) {
            lastMsgId = lastMsgId == 0xFFFF ? 1 : lastMsgId + 1;
            if (!idsInUse.contains(lastMsgId)) {
                break;
            }
        }
        return lastMsgId;
    }

    /** The publish's first send: its MsgId stays with it until it leaves the session. */
    void assign(Outgoing o) {
        o.msgId = nextMsgId();
        idsInUse.add(o.msgId);
    }

    /** Takes a publish; {@code null} when {@link #MAX_OUTGOING} are kept already. */
    Outgoing take(Topic topic, QoS qos, boolean retain, byte[] payload) {
        if (outgoing.size() >= MAX_OUTGOING) {
            return null;
        }
        Outgoing o = new Outgoing(topic, qos, retain, payload);
        outgoing.add(o);
        return o;
    }

    void done(Outgoing o) {
        if (outgoing.remove(o) && o.msgId != 0) {
            idsInUse.remove(o.msgId);
        }
    }

    /** What is to be sent again, in order. */
    List<Outgoing> pending() {
        return new ArrayList<>(outgoing);
    }
}
