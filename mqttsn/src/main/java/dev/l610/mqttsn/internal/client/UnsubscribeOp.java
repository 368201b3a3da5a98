package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.TopicIdType;
import dev.l610.mqttsn.codec.UnsubAck;
import dev.l610.mqttsn.codec.Unsubscribe;

import java.util.concurrent.CompletableFuture;

/** UNSUBSCRIBE / UNSUBACK (§6.9). */
final class UnsubscribeOp extends Op {

    private final Topic topic;
    private final CompletableFuture<Void> future;
    private int msgId;

    UnsubscribeOp(Topic topic, CompletableFuture<Void> future) {
        this.topic = topic;
        this.future = future;
    }

    @Override
    void start(ClientCore core) {
        msgId = core.nextMsgId();
        Unsubscribe u;
        if (topic instanceof Topic.Named n) {
            u = Unsubscribe.ofName(msgId, n.name());
        } else if (topic instanceof Topic.Predefined p) {
            u = Unsubscribe.ofId(msgId, TopicIdType.PREDEFINED, p.id());
        } else {
            u = Unsubscribe.ofId(msgId, TopicIdType.SHORT, ((Topic.Short) topic).asTopicId());
        }
        core.pipeline().sendSupervised(u);
    }

    @Override
    boolean onMessage(ClientCore core, MqttSnMessage m) {
        if (!(m instanceof UnsubAck a) || a.msgId() != msgId) {
            return false;
        }
        markDone();
        future.complete(null);
        return true;
    }

    @Override
    void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }
}
