package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.PingReq;
import dev.l610.mqttsn.codec.PingResp;

import java.util.concurrent.CompletableFuture;

/**
 * A sleeping client's wake-up (§6.14): PINGREQ with the client id; the gateway's buffered messages
 * arrive (each one restarts Tretry), then PINGRESP, and the client is asleep again. The PINGREQ is
 * sent again after Tretry without any message, up to Nretry times.
 */
final class WakeOp extends Op {

    private final CompletableFuture<Void> future;

    WakeOp(CompletableFuture<Void> future) {
        this.future = future;
    }

    @Override
    void start(ClientCore core) {
        core.pipeline().sendSupervised(new PingReq(core.config().clientId()));
    }

    @Override
    boolean onMessage(ClientCore core, MqttSnMessage m) {
        if (!(m instanceof PingResp)) {
            return false;
        }
        markDone();
        core.onAsleep();
        future.complete(null);
        return true;
    }

    @Override
    void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }
}
