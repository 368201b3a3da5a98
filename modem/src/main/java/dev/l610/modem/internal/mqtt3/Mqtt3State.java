package dev.l610.modem.internal.mqtt3;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The MQTT 3.1.1 session state of one AT client id slot (docs/at-reference.md §6), shared by every
 * {@link Mqtt3Connection} of that slot: the unacknowledged outgoing QoS 1/2 PUBLISH and PUBREL in their
 * original order, the incoming QoS 2 packet ids awaiting PUBREL, and the next packet id.
 *
 * <p>With clean session 1 it is cleared at CONNECT; with clean session 0 it survives the end of a
 * connection and is re-sent after a CONNACK with session present (or discarded when the broker has no
 * session). It holds no futures: outcomes belong to the connection that started them.
 *
 * <p>Bounded: at most {@link #maxInFlight()} outgoing entries (65535 by default, the number of packet
 * ids; each holds one payload of at most what the modem publishes); a publish beyond that is refused. At
 * most 65535 incoming ids (a set of packet ids).
 *
 * <p>Not thread-safe: touch it only on the modem's event loop, where all its connections run.
 */
public final class Mqtt3State {

    /** Packet ids are 1..65535. */
    public static final int MAX_PACKET_ID = 65535;

    /** One unacknowledged outgoing message: PUBLISH sent (QoS 1, 2) or PUBREC received (QoS 2, PUBREL sent). */
    static final class Outgoing {
        final int id;
        final String topic;
        final int qos;
        final boolean retain;
        final byte[] payload;
        boolean released;

        Outgoing(int id, String topic, int qos, boolean retain, byte[] payload) {
            this.id = id;
            this.topic = topic;
            this.qos = qos;
            this.retain = retain;
            this.payload = payload;
        }
    }

    private final int maxInFlight;
    private final LinkedHashMap<Integer, Outgoing> outgoing = new LinkedHashMap<>();
    private final Set<Integer> incoming = new HashSet<>();
    private int nextId = 1;

    /** A state with room for 65535 unacknowledged messages. */
    public Mqtt3State() {
        this(MAX_PACKET_ID);
    }

    /** @param maxInFlight 1..65535 unacknowledged outgoing messages at most */
    public Mqtt3State(int maxInFlight) {
        if (maxInFlight < 1 || maxInFlight > MAX_PACKET_ID) {
            throw new IllegalArgumentException("maxInFlight must be 1..65535, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    /** Unacknowledged outgoing QoS 1/2 messages (PUBLISH or PUBREL pending). */
    public int inFlight() {
        return outgoing.size();
    }

    /** Incoming QoS 2 ids acknowledged with PUBREC, awaiting PUBREL. */
    public int awaitingRelease() {
        return incoming.size();
    }

    /** A new session: nothing in flight, packet ids from 1 again. */
    public void clear() {
        outgoing.clear();
        incoming.clear();
        nextId = 1;
    }

    boolean full() {
        return outgoing.size() >= maxInFlight;
    }

    /**
     * The next free packet id (counting up from the last one, 65535 wraps to 1), skipping ids of unacknowledged
     * messages and those {@code alsoInUse} names; 0 when all are in use.
     */
    int nextPacketId(IntPredicate alsoInUse) {
        for (int i = 0; i < MAX_PACKET_ID; i++) {
            int id = nextId;
            nextId = id == MAX_PACKET_ID ? 1 : id + 1;
            if (!outgoing.containsKey(id) && !alsoInUse.test(id)) {
                return id;
            }
        }
        return 0;
    }

    void add(Outgoing o) {
        outgoing.put(o.id, o);
    }

    Outgoing outgoing(int id) {
        return outgoing.get(id);
    }

    void remove(int id) {
        outgoing.remove(id);
    }

    /** The unacknowledged messages in their original order. */
    List<Outgoing> unacknowledged() {
        return new ArrayList<>(outgoing.values());
    }

    boolean incomingPending(int id) {
        return incoming.contains(id);
    }

    void incomingReceived(int id) {
        incoming.add(id);
    }

    void incomingReleased(int id) {
        incoming.remove(id);
    }
}
