package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.client.SubscribeResult;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.codec.SubAck;
import dev.l610.mqttsn.codec.Subscribe;
import dev.l610.mqttsn.codec.TopicIdType;

import java.util.concurrent.CompletableFuture;

/** SUBSCRIBE / SUBACK (§6.9); retransmitted with DUP set. */
final class SubscribeOp extends Op {

    private final Topic topic;
    private final QoS qos;
    private final CompletableFuture<SubscribeResult> future;
    private int msgId;

    SubscribeOp(Topic topic, QoS qos, CompletableFuture<SubscribeResult> future) {
        this.topic = topic;
        this.qos = qos;
        this.future = future;
    }

    @Override
    void start(ClientCore core) {
        msgId = core.nextMsgId();
        Subscribe s;
        if (topic instanceof Topic.Named n) {
            s = Subscribe.ofName(msgId, qos, n.name());
        } else if (topic instanceof Topic.Predefined p) {
            s = Subscribe.ofId(msgId, qos, TopicIdType.PREDEFINED, p.id());
        } else {
            s = Subscribe.ofId(msgId, qos, TopicIdType.SHORT, ((Topic.Short) topic).asTopicId());
        }
        core.pipeline().sendSupervised(s);
    }

    @Override
    boolean onMessage(ClientCore core, MqttSnMessage m) {
        if (!(m instanceof SubAck a) || a.msgId() != msgId) {
            return false;
        }
        markDone();
        if (a.returnCode() == ReturnCode.ACCEPTED && topic instanceof Topic.Named n && !n.hasWildcard()
                && a.topicId() != 0) {
            core.topics().put(n.name(), a.topicId()); // §5.4.16: the id the gateway will publish with
        }
        future.complete(new SubscribeResult(a.returnCode(), a.qos().code(), a.topicId()));
        return true;
    }

    @Override
    MqttSnMessage retransmission(MqttSnMessage last) {
        return last instanceof Subscribe s ? s.withDup(true) : last;
    }

    @Override
    void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }
}
