package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.client.ConnectResult;
import dev.l610.mqttsn.codec.ConnAck;
import dev.l610.mqttsn.codec.Connect;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.WillMsg;
import dev.l610.mqttsn.codec.WillTopic;

import java.util.concurrent.CompletableFuture;

/**
 * CONNECT, the will exchange and CONNACK (§6.2). CONNECT is retransmitted until the gateway answers;
 * once it asked for the will, the client only answers its requests (the gateway retransmits those)
 * and waits, still bounded by Tretry x Nretry per step.
 */
final class ConnectOp extends Op {

    private final CompletableFuture<ConnectResult> future;

    ConnectOp(CompletableFuture<ConnectResult> future) {
        this.future = future;
    }

    @Override
    void start(ClientCore core) {
        ClientConfig c = core.config();
        core.pipeline().sendSupervised(new Connect(core.will() != null, c.cleanSession(), c.keepAliveSeconds(), c.clientId()));
    }

    @Override
    boolean onMessage(ClientCore core, MqttSnMessage m) {
        ClientConfig.Will will = core.will();
        switch (m.type()) {
            case WILLTOPICREQ:
                // §5.4.7: without a will, the empty WILLTOPIC answers a gateway that asks anyway
                core.send(will == null ? WillTopic.empty() : new WillTopic(will.qos(), will.retain(), will.topic()));
                core.pipeline().awaitNext();
                return true;
            case WILLMSGREQ:
                core.send(new WillMsg(will == null ? new byte[0] : will.payload()));
                core.pipeline().awaitNext();
                return true;
            case CONNACK:
                markDone();
                ConnAck ack = (ConnAck) m;
                core.onConnAck(ack.returnCode());
                future.complete(new ConnectResult(ack.returnCode()));
                return true;
            default:
                return false;
        }
    }

    @Override
    MqttSnMessage retransmission(MqttSnMessage last) {
        return last instanceof Connect ? last : null;
    }

    @Override
    void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }
}
