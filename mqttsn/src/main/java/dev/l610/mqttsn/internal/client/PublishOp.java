package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.client.MqttSnException;
import dev.l610.mqttsn.client.MqttSnRejectedException;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.MsgType;
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

import java.util.concurrent.CompletableFuture;

/**
 * A publish (§6.6): REGISTER first for a topic name without a cached id (§6.5), then PUBLISH;
 * QoS 0/-1 completes once written, QoS 1 on PUBACK, QoS 2 on PUBCOMP after PUBREC / PUBREL.
 *
 * <p>A QoS 1/2 publish is an entry of the {@link ClientSession} from the moment it is taken until PUBACK /
 * PUBCOMP or a refusal; the op keeps the entry's MsgId and phase there. An entry sent before goes again as
 * PUBLISH with DUP and its MsgId (after a new REGISTER for a name: topic ids are per connection), or, once
 * PUBREC came, as PUBREL.
 */
final class PublishOp extends Op {

    private enum Phase { REGISTER, PUBLISH, RELEASE }

    private final Topic topic;
    private final QoS qos;
    private final boolean retain;
    private final byte[] payload;
    private final CompletableFuture<Void> future;
    /** QoS 1/2: the publish in the session; {@code null} for QoS 0/-1. */
    private final ClientSession.Outgoing entry;
    private Phase phase;
    private int msgId;
    private TopicIdType idType;
    private int topicId;

    PublishOp(Topic topic, QoS qos, boolean retain, byte[] payload, CompletableFuture<Void> future) {
        this.topic = topic;
        this.qos = qos;
        this.retain = retain;
        this.payload = payload;
        this.future = future;
        this.entry = null;
    }

    /** A QoS 1/2 publish of the session (new, or sent again after a reconnect). */
    PublishOp(ClientSession.Outgoing entry, CompletableFuture<Void> future) {
        this.topic = entry.topic;
        this.qos = entry.qos;
        this.retain = entry.retain;
        this.payload = entry.payload;
        this.future = future;
        this.entry = entry;
    }

    @Override
    void start(ClientCore core) {
        if (entry != null && entry.released) {
            phase = Phase.RELEASE; // PUBREC came before the break: only PUBCOMP is missing
            msgId = entry.msgId;
            core.pipeline().sendSupervised(new PubRel(msgId));
            return;
        }
        if (topic instanceof Topic.Predefined p) {
            publish(core, TopicIdType.PREDEFINED, p.id());
        } else if (topic instanceof Topic.Short s) {
            publish(core, TopicIdType.SHORT, s.asTopicId());
        } else {
            String name = ((Topic.Named) topic).name();
            Integer id = core.topics().idFor(name);
            if (id != null) {
                publish(core, TopicIdType.NORMAL, id);
            } else {
                phase = Phase.REGISTER;
                msgId = core.nextMsgId();
                core.pipeline().sendSupervised(new Register(0, msgId, name));
            }
        }
    }

    private void publish(ClientCore core, TopicIdType type, int id) {
        idType = type;
        topicId = id;
        if (qos == QoS.AT_MOST_ONCE || qos == QoS.MINUS_ONE) {
            boolean written = core.send(new Publish(false, qos, retain, type, id, 0, payload));
            if (!isDone()) { // a failed send may have ended the connection and failed this op already
                markDone();
                if (written) {
                    future.complete(null);
                } else {
                    future.completeExceptionally(new MqttSnException("the socket did not take the datagram"));
                }
            }
            return;
        }
        phase = Phase.PUBLISH;
        boolean again = entry.msgId != 0; // sent before a break: DUP, same MsgId (§5.3.4)
        if (!again) {
            core.session().assign(entry);
        }
        msgId = entry.msgId;
        core.pipeline().sendSupervised(new Publish(again, qos, retain, type, id, msgId, payload));
    }

    @Override
    boolean onMessage(ClientCore core, MqttSnMessage m) {
        if (m instanceof RegAck r && phase == Phase.REGISTER && r.msgId() == msgId) {
            if (r.returnCode().isError()) {
                reject(core, MsgType.REGACK, r.returnCode());
            } else {
                core.topics().put(((Topic.Named) topic).name(), r.topicId());
                publish(core, TopicIdType.NORMAL, r.topicId());
            }
            return true;
        }
        if (m instanceof PubAck a && phase == Phase.PUBLISH && a.msgId() == msgId) {
            if (a.returnCode() == ReturnCode.ACCEPTED && qos == QoS.AT_LEAST_ONCE) {
                complete(core);
            } else if (a.returnCode().isError()) {
                if (a.returnCode() == ReturnCode.REJECTED_INVALID_TOPIC_ID && idType == TopicIdType.NORMAL) {
                    core.topics().forget(((Topic.Named) topic).name()); // register again next time (§6.6)
                }
                reject(core, MsgType.PUBACK, a.returnCode());
            }
            return true;
        }
        if (m instanceof PubRec r && qos == QoS.EXACTLY_ONCE && r.msgId() == msgId && phase != Phase.REGISTER) {
            if (phase == Phase.PUBLISH) {
                phase = Phase.RELEASE;
                entry.released = true;
                core.pipeline().sendSupervised(new PubRel(msgId));
            } else {
                core.send(new PubRel(msgId)); // a repeated PUBREC: our PUBREL was lost
            }
            return true;
        }
        if (m instanceof PubComp c && phase == Phase.RELEASE && c.msgId() == msgId) {
            complete(core);
            return true;
        }
        return false;
    }

    private void complete(ClientCore core) {
        markDone();
        core.session().done(entry);
        future.complete(null);
    }

    private void reject(ClientCore core, MsgType answer, ReturnCode rc) {
        markDone();
        if (entry != null) {
            core.session().done(entry); // refused: the caller decides
        }
        future.completeExceptionally(new MqttSnRejectedException(answer, rc));
    }

    @Override
    MqttSnMessage retransmission(MqttSnMessage last) {
        return last instanceof Publish p ? p.withDup(true) : last; // §5.3.4: DUP on a retransmitted PUBLISH
    }

    @Override
    void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }
}
