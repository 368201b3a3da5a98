package dev.l610.mqttsn.internal.gateway;

import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.PubAck;
import dev.l610.mqttsn.codec.PubComp;
import dev.l610.mqttsn.codec.PubRec;
import dev.l610.mqttsn.codec.PubRel;
import dev.l610.mqttsn.codec.Publish;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.RegAck;
import dev.l610.mqttsn.codec.Register;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.codec.TopicIdType;
import dev.l610.mqttsn.internal.io.Loops;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Messages from the broker to one client, strictly in arrival order, one at a time (§6.10): a
 * message waits until the previous REGISTER / QoS 1 / QoS 2 exchange finished. The broker's
 * PUBLISH is acknowledged (manual acknowledgement) only when the client acknowledged it: PUBACK for
 * QoS 1, PUBREC for QoS 2; so a client that does not acknowledge gets the message retransmitted and
 * the broker keeps what follows.
 *
 * <p>How the topic is sent: the normal id the client already knows (its REGISTER, a SUBACK, or our
 * earlier REGISTER); else the predefined id; else the short name when the name has two octets; else
 * a new normal id announced by REGISTER before the PUBLISH.
 *
 * <p>Flow control: a client whose store is full answers "rejected: congestion" (§5.3.10). Delivery to
 * it then pauses: the message is offered again after Tretry, then 2, 4, 8 x Tretry (at most), without
 * counting towards Nretry, since the client answered. Messages behind it wait in the bounded queue
 * and, beyond it, unacknowledged at the broker; nothing is retransmitted meanwhile.
 */
final class ToClient {

    private static final Logger LOG = LoggerFactory.getLogger(ToClient.class);

    private enum Phase { REGISTER, PUBLISH, RELEASE }

    /** @param msgId the MsgId the PUBLISH keeps (sent with DUP: the client may have it), 0 for a new one */
    private record Item(Mqtt3Publish source, String topic, int qos, boolean reRegistered, int msgId) {
    }

    /**
     * A QoS 2 PUBLISH the client may have received (no PUBREC came) when its session ended: the broker sends it
     * again to the next session's new broker connection, which the gateway then recognises by topic, retain
     * flag and payload (length and hash: this is kept per client id) and sends with DUP and this MsgId.
     */
    record InFlight(String topic, boolean retain, int payloadLength, int payloadHash, int msgId) {
        boolean matches(Mqtt3Publish p) {
            if (p.getQos().getCode() != 2 || p.isRetain() != retain || !p.getTopic().toString().equals(topic)) {
                return false;
            }
            byte[] b = p.getPayloadAsBytes();
            return b.length == payloadLength && java.util.Arrays.hashCode(b) == payloadHash;
        }
    }

    private final GatewaySession s;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private Item current;
    private Phase phase;
    private int msgId;
    private TopicIdType idType;
    private int topicId;
    private boolean pumping;
    private ScheduledFuture<?> backoff;
    private int backoffs;
    private Publish lastPublish;
    private Register lastRegister;
    private boolean resendOnWake;
    /** {@link #resumeRelease}: PUBREL to send when the session becomes active. */
    private boolean releasePending;
    /** {@link #expectAgain}: the QoS 2 message of the former session the broker will send again, or {@code null}. */
    private InFlight expected;

    ToClient(GatewaySession session) {
        this.s = session;
    }

    void offer(Mqtt3Publish p) {
        int qos = p.getQos().getCode();
        if (queue.size() >= s.core().config().maxQueuedPerSession()) {
            s.core().stats().dropped.incrementAndGet();
            if (qos == 0) {
                s.core().stats().qos0Dropped.incrementAndGet();
                if (s.isAsleep()) {
                    s.core().stats().sleepDropped.incrementAndGet();
                }
                acknowledge(p);
            } else {
                // not taken and not acknowledged: the broker keeps it in the session (sent again on resume)
                s.core().stats().queueRefused.incrementAndGet();
                LOG.debug("{}: {} messages queued, QoS {} message on {} not taken", s.clientId(), queue.size(), qos, p.getTopic());
            }
            return;
        }
        int keep = 0;
        if (expected != null && qos == 2) { // the first QoS 2 message: the broker's copy, if any, comes first
            keep = expected.matches(p) ? expected.msgId() : 0;
            expected = null;
        }
        queue.add(new Item(p, p.getTopic().toString(), qos, false, keep));
        pump();
    }

    void pump() {
        if (pumping) {
            return; // finish() inside start(): the loop below carries on
        }
        if (releasePending && s.isActive()) {
            releasePending = false;
            s.retransmitter().start(new PubRel(msgId));
        }
        pumping = true;
        try {
            while (current == null && s.isActive() && !queue.isEmpty()) {
                start(queue.poll());
            }
        } finally {
            pumping = false;
        }
        if (current == null && queue.isEmpty()) {
            s.deliveryIdle(); // an awake sleeping client got everything: PINGRESP (§6.14)
        }
    }

    /** Drops everything without acknowledging it: the broker keeps it for a persistent session. */
    void close() {
        backoff = Loops.cancel(backoff);
        queue.clear();
        current = null;
    }

    private void start(Item item) {
        current = item;
        Integer known = s.topics().knownId(item.topic());
        Integer predefined = s.core().config().predefined().id(item.topic());
        if (known != null) {
            publish(TopicIdType.NORMAL, known);
        } else if (predefined != null) {
            publish(TopicIdType.PREDEFINED, predefined);
        } else if (item.topic().getBytes(StandardCharsets.UTF_8).length == 2) {
            byte[] b = item.topic().getBytes(StandardCharsets.UTF_8);
            publish(TopicIdType.SHORT, ((b[0] & 0xFF) << 8) | (b[1] & 0xFF));
        } else {
            int id = s.topics().register(item.topic());
            if (id < 0) {
                LOG.debug("{}: no topic id left for {}, message dropped", s.clientId(), item.topic());
                s.core().stats().topicsRefused.incrementAndGet();
                finish(true);
                return;
            }
            phase = Phase.REGISTER;
            topicId = id;
            msgId = s.nextMsgId();
            lastRegister = new Register(id, msgId, item.topic());
            s.retransmitter().start(lastRegister); // §6.10
        }
    }

    private void publish(TopicIdType type, int id) {
        Item item = current;
        idType = type;
        topicId = id;
        byte[] payload = item.source().getPayloadAsBytes();
        boolean retain = item.source().isRetain();
        s.core().stats().toClients.incrementAndGet();
        if (item.qos() == 0) {
            s.send(new Publish(false, QoS.AT_MOST_ONCE, retain, type, id, 0, payload));
            finish(true);
            return;
        }
        phase = Phase.PUBLISH;
        boolean again = item.msgId() != 0; // the client may have it already (§5.3.4: DUP, same MsgId)
        msgId = again ? item.msgId() : s.nextMsgId();
        lastPublish = new Publish(again, QoS.fromCode(item.qos()), retain, type, id, msgId, payload);
        s.retransmitter().start(lastPublish);
    }

    void onRegAck(RegAck r) {
        if (current == null || phase != Phase.REGISTER || r.msgId() != msgId) {
            return;
        }
        s.retransmitter().stop();
        if (r.returnCode().isError()) {
            LOG.debug("{}: client refused REGISTER {} with {}", s.clientId(), current.topic(), r.returnCode());
            s.core().stats().dropped.incrementAndGet();
            finish(true);
            return;
        }
        s.topics().markKnown(current.topic());
        publish(TopicIdType.NORMAL, topicId);
    }

    void onPubAck(PubAck a) {
        if (current == null || phase != Phase.PUBLISH || a.msgId() != msgId) {
            return;
        }
        ReturnCode rc = a.returnCode();
        if (rc == ReturnCode.ACCEPTED) {
            backoffs = 0;
            if (current.qos() == 1) {
                s.retransmitter().stop();
                finish(true);
            }
        } else if (rc == ReturnCode.REJECTED_INVALID_TOPIC_ID && idType == TopicIdType.NORMAL && !current.reRegistered()) {
            // the client lost our id: announce it again with REGISTER, once
            s.retransmitter().stop();
            s.topics().markUnknown(current.topic());
            Item again = new Item(current.source(), current.topic(), current.qos(), true, 0);
            current = null;
            queue.addFirst(again);
            pump();
        } else if (rc == ReturnCode.REJECTED_CONGESTION) {
            pauseForCongestion(); // §5.3.10 "rejected: congestion": the client is alive, try later
        } else {
            // not supported / invalid topic: the client will never take it; acknowledge it to the broker
            s.retransmitter().stop();
            s.core().stats().dropped.incrementAndGet();
            finish(true);
        }
    }

    private void pauseForCongestion() {
        MqttSnMessage again = s.retransmitter().pending();
        s.retransmitter().stop();
        if (again == null || backoff != null) {
            return;
        }
        s.core().stats().congestionBackoffs.incrementAndGet();
        if (s.isAwakeFromSleep()) {
            resendOnWake = true; // its store is full: back to sleep, offered again on its next wake-up
            s.deliveryIdle();
            return;
        }
        long delay = s.core().config().retryNanos() << Math.min(backoffs, 3);
        backoffs++;
        Item waiting = current;
        backoff = Loops.schedule(s.core().loop(), () -> {
            backoff = null;
            if (current == waiting && s.isActive()) {
                s.retransmitter().start(again instanceof Publish p ? p.withDup(true) : again);
            }
        }, delay);
    }

    void onPubRec(PubRec r) {
        if (current == null || current.qos() != 2 || r.msgId() != msgId) {
            return;
        }
        if (phase == Phase.PUBLISH) {
            acknowledge(current.source()); // the client has it now: the broker may forget it
            phase = Phase.RELEASE;
            s.retransmitter().start(new PubRel(msgId));
        } else if (phase == Phase.RELEASE) {
            s.send(new PubRel(msgId));
        }
    }

    void onPubComp(PubComp c) {
        if (current == null || phase != Phase.RELEASE || c.msgId() != msgId) {
            return;
        }
        s.retransmitter().stop();
        finish(false);
    }

    /**
     * The client fell asleep (§6.14; the retransmitter is stopped): a congestion back-off ends, and the
     * exchange in flight, if any, is taken up again on waking (unless its answer comes meanwhile).
     */
    void suspend() {
        backoff = Loops.cancel(backoff);
        if (current != null && !releasePending) {
            resendOnWake = true;
        }
    }

    /** The client woke up (§6.14): what waited is offered again, then the queue. */
    void resume() {
        if (resendOnWake) {
            resendOnWake = false;
            if (current != null) {
                backoffs = 0;
                switch (phase) {
                    case REGISTER -> s.retransmitter().start(lastRegister);
                    case PUBLISH -> s.retransmitter().start(lastPublish.withDup(true));
                    case RELEASE -> s.retransmitter().start(new PubRel(msgId));
                    default -> { }
                }
            }
        }
        pump();
    }

    /**
     * The client connected again and the session goes on ({@code GatewaySession.resume}); the retransmitter
     * is stopped. What was in flight is offered again once the session is active ({@link #resume}): a PUBREL
     * as it was; a PUBLISH with DUP and its MsgId, after a new REGISTER when it went with a normal topic id
     * (the client's ids are per connection); a REGISTER anew.
     */
    void reconnected() {
        backoff = Loops.cancel(backoff);
        backoffs = 0;
        resendOnWake = false;
        if (current == null || releasePending) {
            return;
        }
        if (phase == Phase.RELEASE || phase == Phase.PUBLISH && idType != TopicIdType.NORMAL) {
            resendOnWake = true;
            return;
        }
        queue.addFirst(new Item(current.source(), current.topic(), current.qos(), false, phase == Phase.PUBLISH ? msgId : 0));
        current = null;
        phase = null;
    }

    /** The QoS 2 MsgId whose PUBREL the client has not completed (PUBCOMP), or 0. */
    int pendingRelease() {
        return current != null && phase == Phase.RELEASE ? msgId : 0;
    }

    /**
     * A new clean-session-0 session of a client that had not completed a PUBREL: PUBREL goes first
     * once the session is active (the broker already has the client's PUBREC).
     */
    void resumeRelease(int releaseMsgId) {
        if (releaseMsgId != 0) {
            current = new Item(null, "", 2, false, 0);
            phase = Phase.RELEASE;
            msgId = releaseMsgId;
            releasePending = true;
        }
    }

    /** The QoS 2 PUBLISH sent to the client and not yet answered with PUBREC, for the next session; or {@code null}. */
    InFlight inFlightPublish() {
        if (current == null || phase != Phase.PUBLISH || current.qos() != 2 || current.source() == null) {
            return null;
        }
        byte[] b = current.source().getPayloadAsBytes();
        return new InFlight(current.topic(), current.source().isRetain(), b.length, java.util.Arrays.hashCode(b), msgId);
    }

    /** A new session after one that left {@code f} in flight ({@link #inFlightPublish}); {@code null}: nothing. */
    void expectAgain(InFlight f) {
        expected = f;
    }

    /** Nothing in flight and nothing queued. */
    boolean isIdle() {
        return current == null && queue.isEmpty();
    }

    private void finish(boolean ack) {
        backoff = Loops.cancel(backoff); // a late copy was accepted while the back-off waited
        resendOnWake = false; // answered while the client slept
        if (ack && current.source() != null) {
            acknowledge(current.source());
        }
        current = null;
        phase = null;
        pump();
    }

    private void acknowledge(Mqtt3Publish p) {
        try {
            p.acknowledge();
        } catch (RuntimeException e) {
            LOG.debug("acknowledging to the broker: {}", e.toString());
        }
    }
}
