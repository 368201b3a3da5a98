package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.codec.Disconnect;
import dev.l610.mqttsn.codec.MqttSnMessage;

import java.util.concurrent.CompletableFuture;

/** DISCONNECT with a sleep duration, answered by the gateway's DISCONNECT (§6.14): the client is asleep then. */
final class SleepOp extends Op {

    private final int seconds;
    private final CompletableFuture<Void> future;

    SleepOp(int seconds, CompletableFuture<Void> future) {
        this.seconds = seconds;
        this.future = future;
    }

    @Override
    void start(ClientCore core) {
        core.pipeline().sendSupervised(Disconnect.sleep(seconds));
    }

    @Override
    boolean onMessage(ClientCore core, MqttSnMessage m) {
        if (!(m instanceof Disconnect)) {
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
