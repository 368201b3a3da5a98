package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.client.IncomingMessage;
import dev.l610.mqttsn.codec.PubAck;
import dev.l610.mqttsn.codec.PubComp;
import dev.l610.mqttsn.codec.PubRec;
import dev.l610.mqttsn.codec.PubRel;
import dev.l610.mqttsn.codec.Publish;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.RegAck;
import dev.l610.mqttsn.codec.Register;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.internal.common.RecentIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * What the gateway publishes to the client (§6.10): topic resolution, acknowledgements, QoS 2
 * de-duplication by MsgId until PUBREL, and the gateway's REGISTER.
 */
final class Inbound {

    private static final Logger LOG = LoggerFactory.getLogger(Inbound.class);

    private final ClientCore core;
    /** QoS 2 MsgIds received (PUBREC sent) and not yet released; at most 65535 by construction. In the session. */
    private final Set<Integer> awaitingRelease;
    /** QoS 2 MsgIds released lately: a DUP copy arriving after PUBREL is not delivered again. In the session. */
    private final RecentIds released;

    Inbound(ClientCore core, ClientSession session) {
        this.core = core;
        this.awaitingRelease = session.awaitingRelease;
        this.released = session.released;
    }

    void reset() {
        awaitingRelease.clear();
        released.clear();
    }

    void onRegister(Register r) {
        String name = r.topicName();
        ReturnCode rc;
        if (r.topicId() == 0 || name.indexOf('+') >= 0 || name.indexOf('#') >= 0) {
            rc = ReturnCode.REJECTED_NOT_SUPPORTED; // a gateway registers concrete topic names with real ids
        } else if (core.topics().isFull() && core.topics().idFor(name) == null) {
            rc = ReturnCode.REJECTED_CONGESTION;
        } else {
            core.topics().put(name, r.topicId());
            rc = ReturnCode.ACCEPTED;
        }
        core.send(new RegAck(r.topicId(), r.msgId(), rc));
    }

    void onPublish(Publish p) {
        Topic topic = resolve(p);
        if (topic == null) {
            // §5.4.13: an unknown topic id is rejected with PUBACK "invalid topic id", whatever the QoS
            core.stats().dropped.incrementAndGet();
            core.send(new PubAck(p.topicId(), p.msgId(), ReturnCode.REJECTED_INVALID_TOPIC_ID));
            return;
        }
        if (p.qos() == QoS.EXACTLY_ONCE && (awaitingRelease.contains(p.msgId()) || p.dup() && released.contains(p.msgId()))) {
            core.stats().duplicates.incrementAndGet();
            core.send(new PubRec(p.msgId())); // already delivered; our PUBREC was lost
            return;
        }
        IncomingMessage m = new IncomingMessage(topic, p.qos().code(), p.retain(), p.dup(), p.data());
        if (!deliver(m)) {
            core.stats().refused.incrementAndGet();
            if (p.qos() == QoS.AT_MOST_ONCE || p.qos() == QoS.MINUS_ONE) {
                core.stats().dropped.incrementAndGet();
            } else {
                // §5.3.10: "rejected: congestion" tells the gateway we are alive and to offer it again later
                core.send(new PubAck(p.topicId(), p.msgId(), ReturnCode.REJECTED_CONGESTION));
            }
            return;
        }
        core.stats().delivered.incrementAndGet();
        if (p.qos() == QoS.AT_LEAST_ONCE) {
            core.send(new PubAck(p.topicId(), p.msgId(), ReturnCode.ACCEPTED));
        } else if (p.qos() == QoS.EXACTLY_ONCE) {
            awaitingRelease.add(p.msgId());
            core.send(new PubRec(p.msgId()));
        }
    }

    void onPubRel(PubRel r) {
        if (awaitingRelease.remove(r.msgId())) {
            released.add(r.msgId());
        }
        core.send(new PubComp(r.msgId())); // also for an unknown MsgId: our PUBCOMP may have been lost
    }

    private Topic resolve(Publish p) {
        switch (p.topicIdType()) {
            case NORMAL: {
                String name = core.topics().nameFor(p.topicId());
                return name == null ? null : Topic.name(name);
            }
            case PREDEFINED:
                return p.topicId() == 0 ? null : Topic.predefined(p.topicId());
            default:
                return Topic.Short.fromTopicId(p.topicId());
        }
    }

    private boolean deliver(IncomingMessage m) {
        try {
            return core.config().listener().onMessage(m);
        } catch (RuntimeException e) {
            LOG.warn("listener failed on {}; the message counts as accepted and dropped", m, e);
            core.stats().dropped.incrementAndGet();
            return true;
        }
    }
}
