package dev.l610.modem.mqtt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * The +MQTTCONF=1 store of one client id (docs/at-reference.md §3): bounded by a message count and a byte count
 * (topic + payload). A QoS 1/2 message that does not fit is not acknowledged: it waits, unannounced,
 * and the broker keeps it (its inflight window stops further sends) until +MQTTREAD makes room. A QoS 0
 * message that does not fit is dropped and counted. Used on the modem's serial executor only.
 *
 * <p>Withheld messages are bounded too: at {@link #MAX_WITHHELD} the store asks the caller to stop
 * reading the connection ({@link #shouldPause()}; MQTT 3.1.1 {@code autoRead} off), and to read again
 * when +MQTTREAD has brought it down to half ({@link #shouldResume()}). A message that still arrives while
 * paused (already in the socket's read batch) is withheld as well: none is lost, the bound is the cap
 * plus one read batch.
 */
final class MessageStore {

    private static final Logger LOG = LoggerFactory.getLogger(MessageStore.class);

    /** Withheld QoS 1/2 messages at which the connection stops being read. */
    static final int MAX_WITHHELD = 1024;

    private final int maxMessages;
    private final int maxBytes;
    private final int maxWithheld;
    private boolean paused;
    private final ArrayDeque<InboundMessage> stored = new ArrayDeque<>();
    private final ArrayDeque<InboundMessage> withheld = new ArrayDeque<>();
    private int bytes;
    private long qos0Dropped;
    /** Snapshots for other threads (the MQTT-SN client asks before it acknowledges). */
    private volatile int countSnapshot;
    private volatile int bytesSnapshot;
    private volatile boolean waitingSnapshot;

    MessageStore(int maxMessages, int maxBytes) {
        this(maxMessages, maxBytes, MAX_WITHHELD);
    }

    MessageStore(int maxMessages, int maxBytes, int maxWithheld) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.maxWithheld = maxWithheld;
    }

    /** True once when the withheld messages reach the cap: the caller stops reading the connection. */
    boolean shouldPause() {
        if (!paused && withheld.size() >= maxWithheld) {
            paused = true;
            return true;
        }
        return false;
    }

    /** True once when a paused store is down to half the cap: the caller reads the connection again. */
    boolean shouldResume() {
        if (paused && withheld.size() <= maxWithheld / 2) {
            paused = false;
            return true;
        }
        return false;
    }

    boolean paused() {
        return paused;
    }

    /**
     * Offers a message. Returns true when it was stored (and acknowledged): the caller announces it with
     * +MQTTMSGI. False: withheld (QoS 1/2) or dropped (QoS 0).
     */
    boolean offer(InboundMessage m, int clientId) {
        if (withheld.isEmpty() && fits(m)) {
            store(m);
            return true;
        }
        if (m.qos() == 0) {
            qos0Dropped++;
            m.ack();
            LOG.warn("client {}: message store full, QoS 0 message on {} dropped ({} so far)", clientId,
                    m.topic().urcText(), qos0Dropped);
            return false;
        }
        withheld.add(m); // not acknowledged: the broker keeps it
        snapshot();
        return false;
    }

    /** The oldest stored message, or null. */
    InboundMessage poll() {
        InboundMessage m = stored.poll();
        if (m != null) {
            bytes -= size(m);
        }
        snapshot();
        return m;
    }

    /** From any thread: whether a message of {@code size} bytes would be stored now (a snapshot). */
    boolean roomFor(int size) {
        return !waitingSnapshot && countSnapshot < maxMessages && bytesSnapshot + size <= maxBytes;
    }

    private void snapshot() {
        countSnapshot = stored.size();
        bytesSnapshot = bytes;
        waitingSnapshot = !withheld.isEmpty();
    }

    /** Moves withheld messages into the freed room; returns those to announce, in order. */
    java.util.List<InboundMessage> refill() {
        java.util.List<InboundMessage> moved = new java.util.ArrayList<>();
        while (!withheld.isEmpty() && fits(withheld.peek())) {
            InboundMessage m = withheld.poll();
            store(m);
            moved.add(m);
        }
        snapshot();
        return moved;
    }

    /** +MQTTCLOSE frees the buffer (manual §1.3). Withheld messages were never acknowledged: the broker keeps them. */
    void clear() {
        stored.clear();
        withheld.clear();
        bytes = 0;
        paused = false;
        snapshot();
    }

    /** The connection is gone: unacknowledged messages will come again from the broker (clean session 0). */
    void dropWithheld() {
        withheld.clear();
        paused = false;
        snapshot();
    }

    int size() {
        return stored.size();
    }

    int withheldCount() {
        return withheld.size();
    }

    long qos0Dropped() {
        return qos0Dropped;
    }

    private boolean fits(InboundMessage m) {
        return stored.size() < maxMessages && bytes + size(m) <= maxBytes;
    }

    private void store(InboundMessage m) {
        stored.add(m);
        bytes += size(m);
        snapshot();
        m.ack();
    }

    private static int size(InboundMessage m) {
        return m.topic().length() + m.payload().length;
    }
}
