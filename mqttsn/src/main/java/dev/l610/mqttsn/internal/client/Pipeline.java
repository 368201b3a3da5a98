package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.client.MqttSnTimeoutException;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.internal.io.Loops;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The client's requests, run one at a time in submission order: a client has at most one
 * REGISTER, one QoS 1/2 PUBLISH and one SUBSCRIBE/UNSUBSCRIBE outstanding (§6.5, §6.6, §6.9); running
 * every request through one queue keeps that rule and the order of publishes simple.
 *
 * <p>The message an op is waiting an answer for is supervised by Tretry: sent again (the op decides
 * how, e.g. with DUP set) up to Nretry times; then the gateway is considered lost (§6.13).
 */
final class Pipeline {

    private final ClientCore core;
    private final ArrayDeque<Op> queue = new ArrayDeque<>();
    private Op current;
    private MqttSnMessage lastSent;
    private int attempts;
    private ScheduledFuture<?> timer;

    Pipeline(ClientCore core) {
        this.core = core;
    }

    /** Queues an op; {@code false} when the queue is full. */
    boolean submit(Op op) {
        if (queue.size() >= core.config().maxQueuedRequests()) {
            return false;
        }
        queue.add(op);
        pump();
        return true;
    }

    /** Queues an op regardless of the limit (DISCONNECT must always find a place). */
    void submitAlways(Op op) {
        queue.add(op);
        pump();
    }

    /** Queues ops ahead of those queued, in their order, regardless of the limit (a session's publishes sent again). */
    void submitFirst(java.util.List<Op> ops) {
        for (int i = ops.size() - 1; i >= 0; i--) {
            queue.addFirst(ops.get(i));
        }
        pump();
    }

    /** Runs an op ahead of the queue (CONNECT, which runs before anything may be queued). */
    void startNow(Op op) {
        current = op;
        op.start(core);
        if (op.isDone() && current == op) {
            finishCurrent();
        }
    }

    void pump() {
        while (current == null && core.canRunRequests()) {
            Op op = queue.poll();
            if (op == null) {
                return;
            }
            current = op;
            op.start(core);
            if (current != op) {
                return; // the send failed and the connection was lost meanwhile
            }
            if (op.isDone()) {
                finishCurrent();
                return; // finishCurrent pumped again
            }
        }
    }

    /** Sends a message the current op now waits an answer for, supervised by Tretry / Nretry. */
    void sendSupervised(MqttSnMessage m) {
        lastSent = m;
        attempts = 0;
        core.send(m);
        if (current != null) {
            armTimer();
        }
    }

    /** The current op made progress and waits for the next message without anything to resend. */
    void awaitNext() {
        lastSent = null;
        attempts = 0;
        armTimer();
    }

    boolean onMessage(MqttSnMessage m) {
        Op op = current;
        if (op == null || !op.onMessage(core, m)) {
            return false;
        }
        if (op.isDone() && current == op) {
            finishCurrent();
        }
        return true;
    }

    void failAll(Throwable cause) {
        cancelTimer();
        Op op = current;
        current = null;
        lastSent = null;
        if (op != null) {
            op.failOnce(cause);
        }
        for (Op q; (q = queue.poll()) != null; ) {
            q.failOnce(cause);
        }
    }

    /** Fails the queued ops, not the current one (the client fell asleep). */
    void failQueued(Throwable cause) {
        for (Op q; (q = queue.poll()) != null; ) {
            q.failOnce(cause);
        }
    }

    /** The gateway is sending what the current op waits behind (a wake-up's buffered messages): Tretry starts again. */
    void progress() {
        if (current != null && timer != null) {
            attempts = 0;
            armTimer();
        }
    }

    private void finishCurrent() {
        cancelTimer();
        current = null;
        lastSent = null;
        pump();
    }

    private void armTimer() {
        cancelTimer();
        timer = Loops.schedule(core.loop(), this::onTimeout, core.config().retryNanos());
    }

    private void cancelTimer() {
        timer = Loops.cancel(timer);
    }

    private void onTimeout() {
        timer = null;
        Op op = current;
        if (op == null) {
            return;
        }
        if (attempts >= core.config().retries()) {
            String what = lastSent == null ? "the gateway's next message" : "an answer to " + lastSent.type();
            core.connectionLost(new MqttSnTimeoutException("no " + what + " after " + attempts
                    + " retransmission(s), " + TimeUnit.NANOSECONDS.toMillis(core.config().retryNanos())
                    + " ms apart (§6.13)"));
            return;
        }
        attempts++;
        MqttSnMessage again = lastSent == null ? null : op.retransmission(lastSent);
        if (again != null) {
            lastSent = again;
            core.stats().retransmissions.incrementAndGet();
            core.send(again);
        }
        if (current == op) {
            armTimer();
        }
    }
}
