package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.codec.MqttSnMessage;

/**
 * One request in the client's pipeline: it sends its message(s) through {@link Pipeline} and
 * consumes the gateway's answers until it is done. Runs on the client's event loop only.
 */
abstract class Op {

    private boolean done;

    /** Sends the first message, or completes at once (QoS 0 publish). */
    abstract void start(ClientCore core);

    /** An answer from the gateway; returns {@code true} when this op consumed it. */
    abstract boolean onMessage(ClientCore core, MqttSnMessage message);

    /** Completes the op's future exceptionally (or, for DISCONNECT, normally). */
    abstract void fail(Throwable cause);

    /** The message to send again when Tretry expires; {@code null} to only wait. */
    MqttSnMessage retransmission(MqttSnMessage last) {
        return last;
    }

    final boolean isDone() {
        return done;
    }

    final void markDone() {
        done = true;
    }

    final void failOnce(Throwable cause) {
        if (!done) {
            done = true;
            fail(cause);
        }
    }
}
