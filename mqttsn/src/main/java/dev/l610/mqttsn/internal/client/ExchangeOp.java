package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.codec.Disconnect;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.PingReq;
import dev.l610.mqttsn.codec.PingResp;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One supervised request answered by one kind of message, after which the client changes state: DISCONNECT,
 * DISCONNECT with a sleep duration, and a sleeping client's wake-up. The request is sent again after Tretry,
 * up to Nretry times, like every supervised message.
 */
final class ExchangeOp extends Op {

    private final Function<ClientCore, MqttSnMessage> request;
    private final Class<? extends MqttSnMessage> answer;
    private final Consumer<ClientCore> then;
    private final CompletableFuture<Void> future;
    /** DISCONNECT's future completes normally even without an answer: the client is disconnected anyway. */
    private final boolean completeOnFailure;

    private ExchangeOp(Function<ClientCore, MqttSnMessage> request, Class<? extends MqttSnMessage> answer, Consumer<ClientCore> then,
                       CompletableFuture<Void> future, boolean completeOnFailure) {
        this.request = request;
        this.answer = answer;
        this.then = then;
        this.future = future;
        this.completeOnFailure = completeOnFailure;
    }

    /**
     * DISCONNECT, answered by the gateway's DISCONNECT (§6.12). Queued behind the requests made before it. Its
     * future always completes normally: after the answer, after Nretry retransmissions without one, or when the
     * connection is lost first; the client is disconnected in every case.
     */
    static ExchangeOp disconnect(CompletableFuture<Void> future) {
        return new ExchangeOp(core -> new Disconnect(), Disconnect.class, ClientCore::onDisconnected, future, true);
    }

    /** DISCONNECT with a sleep duration, answered by the gateway's DISCONNECT (§6.14): the client is asleep then. */
    static ExchangeOp sleep(int seconds, CompletableFuture<Void> future) {
        return new ExchangeOp(core -> Disconnect.sleep(seconds), Disconnect.class, ClientCore::onAsleep, future, false);
    }

    /**
     * A sleeping client's wake-up (§6.14): PINGREQ with the client id; the gateway's buffered messages arrive
     * (each one restarts Tretry), then PINGRESP, and the client is asleep again.
     */
    static ExchangeOp wake(CompletableFuture<Void> future) {
        return new ExchangeOp(core -> new PingReq(core.config().clientId()), PingResp.class, ClientCore::onAsleep, future, false);
    }

    @Override
    void start(ClientCore core) {
        core.pipeline().sendSupervised(request.apply(core));
    }

    @Override
    boolean onMessage(ClientCore core, MqttSnMessage m) {
        if (!answer.isInstance(m)) {
            return false;
        }
        markDone();
        then.accept(core);
        future.complete(null);
        return true;
    }

    @Override
    void fail(Throwable cause) {
        if (completeOnFailure) {
            future.complete(null);
        } else {
            future.completeExceptionally(cause);
        }
    }
}
