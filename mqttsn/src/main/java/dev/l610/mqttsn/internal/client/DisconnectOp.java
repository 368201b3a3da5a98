package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.codec.Disconnect;
import dev.l610.mqttsn.codec.MqttSnMessage;

import java.util.concurrent.CompletableFuture;

/**
 * DISCONNECT, answered by the gateway's DISCONNECT (§6.12). Queued behind the requests made before
 * it. Its future always completes normally: after the answer, after Nretry retransmissions without
 * one, or when the connection is lost first; the client is disconnected in every case.
 */
final class DisconnectOp extends Op {

    private final CompletableFuture<Void> future;

    DisconnectOp(CompletableFuture<Void> future) {
        this.future = future;
    }

    @Override
    void start(ClientCore core) {
        core.pipeline().sendSupervised(new Disconnect());
    }

    @Override
    boolean onMessage(ClientCore core, MqttSnMessage m) {
        if (!(m instanceof Disconnect)) {
            return false;
        }
        markDone();
        core.onDisconnected();
        future.complete(null);
        return true;
    }

    @Override
    void fail(Throwable cause) {
        future.complete(null);
    }
}
