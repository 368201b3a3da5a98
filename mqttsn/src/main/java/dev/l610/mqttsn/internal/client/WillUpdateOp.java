package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.client.MqttSnRejectedException;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.MsgType;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.codec.WillMsgResp;
import dev.l610.mqttsn.codec.WillMsgUpd;
import dev.l610.mqttsn.codec.WillTopicResp;
import dev.l610.mqttsn.codec.WillTopicUpd;

import java.util.concurrent.CompletableFuture;

/**
 * WILLTOPICUPD / WILLTOPICRESP or WILLMSGUPD / WILLMSGRESP (§6.4). Once accepted, the client's
 * will for later CONNECTs is the updated one too.
 */
final class WillUpdateOp extends Op {

    private final String topic;
    private final QoS qos;
    private final boolean retain;
    private final byte[] message;
    private final CompletableFuture<ReturnCode> future;

    /** A topic update when {@code message} is null (an empty topic deletes the will), else a message update. */
    WillUpdateOp(String topic, QoS qos, boolean retain, byte[] message, CompletableFuture<ReturnCode> future) {
        this.topic = topic;
        this.qos = qos;
        this.retain = retain;
        this.message = message;
        this.future = future;
    }

    @Override
    void start(ClientCore core) {
        core.pipeline().sendSupervised(message == null ? new WillTopicUpd(qos, retain, topic) : new WillMsgUpd(message));
    }

    @Override
    boolean onMessage(ClientCore core, MqttSnMessage m) {
        ReturnCode rc;
        MsgType answer;
        if (message == null && m instanceof WillTopicResp r) {
            rc = r.returnCode();
            answer = MsgType.WILLTOPICRESP;
        } else if (message != null && m instanceof WillMsgResp r) {
            rc = r.returnCode();
            answer = MsgType.WILLMSGRESP;
        } else {
            return false;
        }
        markDone();
        if (rc.isError()) {
            future.completeExceptionally(new MqttSnRejectedException(answer, rc));
            return true;
        }
        if (message == null) {
            core.updateWill(topic.isEmpty() ? null : topic, qos, retain, null);
        } else {
            core.updateWill(null, null, false, message);
        }
        future.complete(rc);
        return true;
    }

    @Override
    void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }
}
