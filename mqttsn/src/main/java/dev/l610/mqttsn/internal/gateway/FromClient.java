package dev.l610.mqttsn.internal.gateway;

import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.codec.PubAck;
import dev.l610.mqttsn.codec.PubComp;
import dev.l610.mqttsn.codec.PubRec;
import dev.l610.mqttsn.codec.PubRel;
import dev.l610.mqttsn.codec.Publish;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.RegAck;
import dev.l610.mqttsn.codec.Register;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.codec.SubAck;
import dev.l610.mqttsn.codec.Subscribe;
import dev.l610.mqttsn.codec.TopicIdType;
import dev.l610.mqttsn.codec.UnsubAck;
import dev.l610.mqttsn.internal.common.RecentIds;
import dev.l610.mqttsn.codec.Unsubscribe;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What a client asks of the broker: REGISTER, PUBLISH, SUBSCRIBE, UNSUBSCRIBE. The answer to a
 * QoS 1/2 PUBLISH, a SUBSCRIBE or an UNSUBSCRIBE waits for the broker's (end-to-end
 * acknowledgement): PUBACK after the broker's PUBACK, PUBREC after the broker's PUBCOMP. A QoS 2
 * MsgId is remembered from PUBREC until PUBREL, so a retransmitted PUBLISH reaches the broker once.
 */
final class FromClient {

    private final GatewaySession s;
    /** QoS 1/2 MsgIds forwarded to the broker that it has not acknowledged yet: duplicates are ignored. */
    private final Set<Integer> inFlight = new HashSet<>();
    /** QoS 2 MsgIds answered with PUBREC, waiting for PUBREL. */
    private final Set<Integer> received = new HashSet<>();
    /** QoS 2 MsgIds released lately: a late DUP copy is answered, not forwarded again. */
    private final RecentIds released = new RecentIds(32);

    /** At most this many of {@link #received} are remembered for the client's next session. */
    static final int REMEMBERED_RECEIVED = 16;

    FromClient(GatewaySession session) {
        this.s = session;
    }

    /** The QoS 2 MsgIds awaiting PUBREL, for the client's next clean-session-0 session (a few at most). */
    int[] received() {
        return received.stream().limit(REMEMBERED_RECEIVED).mapToInt(Integer::intValue).toArray();
    }

    /** A new session continues a former one's QoS 2 MsgIds awaiting PUBREL. */
    void resumeReceived(int[] ids) {
        for (int id : ids) {
            received.add(id);
        }
    }

    void onRegister(Register r) {
        String name = r.topicName();
        if (hasWildcard(name)) {
            s.send(new RegAck(0, r.msgId(), ReturnCode.REJECTED_NOT_SUPPORTED)); // one publishes to names, not filters
            return;
        }
        int id = s.topics().register(name);
        if (id < 0) {
            s.core().stats().topicsRefused.incrementAndGet();
            s.send(new RegAck(0, r.msgId(), ReturnCode.REJECTED_CONGESTION));
            return;
        }
        s.topics().markKnown(name);
        s.send(new RegAck(id, r.msgId(), ReturnCode.ACCEPTED));
    }

    void onPublish(Publish p) {
        String topic = resolve(p.topicIdType(), p.topicId());
        if (topic == null) {
            s.core().stats().dropped.incrementAndGet();
            s.send(new PubAck(p.topicId(), p.msgId(), ReturnCode.REJECTED_INVALID_TOPIC_ID)); // §6.6
            return;
        }
        int qos = Math.max(0, p.qos().code()); // QoS -1 inside a session is forwarded as QoS 0
        if (qos == 2 && (received.contains(p.msgId()) || p.dup() && released.contains(p.msgId()))) {
            s.send(new PubRec(p.msgId())); // already forwarded; our PUBREC was lost
            return;
        }
        if (qos > 0 && inFlight.contains(p.msgId())) {
            return; // a retransmission while the broker is still acknowledging the first copy
        }
        CompletableFuture<Mqtt3Publish> f;
        try {
            f = s.broker().publish(topic, qos, p.retain(), p.data());
        } catch (RuntimeException e) {
            s.core().stats().dropped.incrementAndGet();
            if (qos > 0) {
                s.send(new PubAck(p.topicId(), p.msgId(), ReturnCode.REJECTED_NOT_SUPPORTED));
            }
            return;
        }
        s.core().stats().toBroker.incrementAndGet();
        if (qos == 0) {
            return;
        }
        inFlight.add(p.msgId());
        f.whenComplete((ack, e) -> s.onLoop(() -> onBrokerAck(p, qos, e)));
    }

    private void onBrokerAck(Publish p, int qos, Throwable e) {
        inFlight.remove(p.msgId());
        if (e != null) {
            s.send(new PubAck(p.topicId(), p.msgId(), ReturnCode.REJECTED_CONGESTION));
        } else if (qos == 1) {
            s.send(new PubAck(p.topicId(), p.msgId(), ReturnCode.ACCEPTED));
        } else {
            received.add(p.msgId());
            s.send(new PubRec(p.msgId()));
        }
    }

    void onPubRel(PubRel r) {
        if (received.remove(r.msgId())) {
            released.add(r.msgId());
        }
        s.send(new PubComp(r.msgId())); // also for an unknown MsgId: our PUBCOMP may have been lost
    }

    void onSubscribe(Subscribe sub) {
        String filter = sub.topicIdType() == TopicIdType.NORMAL ? sub.topicName() : resolve(sub.topicIdType(), sub.topicId());
        if (filter == null) {
            s.send(new SubAck(QoS.AT_MOST_ONCE, 0, sub.msgId(), ReturnCode.REJECTED_INVALID_TOPIC_ID));
            return;
        }
        int ackTopicId = 0; // §5.4.16: not relevant for wildcards and short names
        if (sub.topicIdType() == TopicIdType.PREDEFINED) {
            ackTopicId = sub.topicId();
        } else if (sub.topicIdType() == TopicIdType.NORMAL && !hasWildcard(filter)) {
            ackTopicId = s.topics().register(filter);
            if (ackTopicId < 0) {
                s.core().stats().topicsRefused.incrementAndGet();
                s.send(new SubAck(QoS.AT_MOST_ONCE, 0, sub.msgId(), ReturnCode.REJECTED_CONGESTION));
                return;
            }
        }
        CompletableFuture<Mqtt3SubAck> f;
        try {
            f = s.broker().subscribe(filter, sub.qos().code());
        } catch (RuntimeException e) {
            s.send(new SubAck(QoS.AT_MOST_ONCE, 0, sub.msgId(), ReturnCode.REJECTED_NOT_SUPPORTED));
            return;
        }
        int topicId = ackTopicId;
        f.whenComplete((ack, e) -> s.onLoop(() -> onSubAck(sub, filter, topicId, ack, e)));
    }

    private void onSubAck(Subscribe sub, String filter, int topicId, Mqtt3SubAck ack, Throwable e) {
        Mqtt3SubAckReturnCode code = ack == null || ack.getReturnCodes().isEmpty() ? Mqtt3SubAckReturnCode.FAILURE
                : ack.getReturnCodes().get(0);
        if (e != null || code.isError()) {
            s.send(new SubAck(QoS.AT_MOST_ONCE, 0, sub.msgId(), ReturnCode.REJECTED_NOT_SUPPORTED));
            return;
        }
        if (sub.topicIdType() == TopicIdType.NORMAL && topicId != 0) {
            s.topics().markKnown(filter);
        }
        s.send(new SubAck(QoS.fromCode(code.getCode()), topicId, sub.msgId(), ReturnCode.ACCEPTED));
    }

    void onUnsubscribe(Unsubscribe u) {
        String filter = u.topicIdType() == TopicIdType.NORMAL ? u.topicName() : resolve(u.topicIdType(), u.topicId());
        if (filter == null) {
            s.send(new UnsubAck(u.msgId()));
            return;
        }
        try {
            s.broker().unsubscribe(filter).whenComplete((v, e) -> s.onLoop(() -> s.send(new UnsubAck(u.msgId()))));
        } catch (RuntimeException e) {
            s.send(new UnsubAck(u.msgId()));
        }
    }

    private String resolve(TopicIdType type, int topicId) {
        switch (type) {
            case NORMAL:
                return s.topics().name(topicId);
            case PREDEFINED:
                return s.core().config().predefined().name(topicId);
            default:
                Topic.Short t = Topic.Short.fromTopicId(topicId);
                return t == null ? null : t.name();
        }
    }

    static boolean hasWildcard(String name) {
        return name.indexOf('+') >= 0 || name.indexOf('#') >= 0;
    }
}
