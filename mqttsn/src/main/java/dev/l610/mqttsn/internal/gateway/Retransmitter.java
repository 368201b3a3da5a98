package dev.l610.mqttsn.internal.gateway;

import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.Publish;
import dev.l610.mqttsn.internal.io.Loops;
import io.netty.util.concurrent.ScheduledFuture;


/**
 * Supervises the one message a session waits an answer for from its client (WILLTOPICREQ,
 * WILLMSGREQ, REGISTER, PUBLISH QoS 1/2, PUBREL): sent again every Tretry, a PUBLISH with DUP set
 * (§5.3.4, §6.13). After Nretry retransmissions without an answer the client is lost (§6.13), even
 * when it still pings: a client that is alive but cannot take a message says so with "rejected:
 * congestion" instead (see {@link ToClient}).
 */
final class Retransmitter {

    private final GatewaySession session;
    private MqttSnMessage pending;
    private int attempts;
    private ScheduledFuture<?> timer;

    Retransmitter(GatewaySession session) {
        this.session = session;
    }

    /** The message waiting for its answer, or {@code null}. */
    MqttSnMessage pending() {
        return pending;
    }

    void start(MqttSnMessage m) {
        stop();
        pending = m;
        attempts = 0;
        session.send(m);
        arm();
    }

    /** Sends the pending message again now (the client asked again, e.g. a repeated CONNECT). */
    void resend() {
        if (pending != null) {
            session.send(pending);
        }
    }

    void stop() {
        timer = Loops.cancel(timer);
        pending = null;
    }

    private void arm() {
        timer = Loops.schedule(session.core().loop(), this::onTimeout, session.core().config().retryNanos());
    }

    private void onTimeout() {
        timer = null;
        MqttSnMessage m = pending;
        if (m == null) {
            return;
        }
        if (attempts >= session.core().config().retries()) {
            pending = null;
            session.onRetriesExhausted(m, attempts);
            return;
        }
        attempts++;
        pending = m instanceof Publish p ? p.withDup(true) : m;
        session.core().stats().retransmissions.incrementAndGet();
        session.send(pending);
        arm();
    }
}
