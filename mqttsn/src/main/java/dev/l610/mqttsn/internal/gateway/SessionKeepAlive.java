package dev.l610.mqttsn.internal.gateway;

import dev.l610.mqttsn.internal.io.Loops;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Supervises a client's keep-alive: 1.5 x the CONNECT Duration without any message from it ends
 * the session as lost (§6.11, as MQTT 3.1.1 §3.1.2.10 does for a server); while the client sleeps,
 * 1.5 x its sleep duration (§6.14). Duration 0: no supervision.
 */
final class SessionKeepAlive {

    private final GatewaySession session;
    private long limitNanos;
    private long lastHeard = System.nanoTime();
    private ScheduledFuture<?> timer;

    SessionKeepAlive(GatewaySession session, int durationSeconds) {
        this.session = session;
        this.limitNanos = TimeUnit.SECONDS.toNanos(durationSeconds) * 3 / 2;
    }

    void heard() {
        lastHeard = System.nanoTime();
    }

    void start() {
        heard();
        arm(limitNanos);
    }

    /** A new duration (a sleep duration, §6.14, or a new CONNECT's), counted from now. */
    void restart(int durationSeconds) {
        stop();
        limitNanos = TimeUnit.SECONDS.toNanos(durationSeconds) * 3 / 2;
        start();
    }

    void stop() {
        timer = Loops.cancel(timer);
    }

    private void arm(long delayNanos) {
        if (limitNanos > 0) {
            timer = Loops.schedule(session.core().loop(), this::check, delayNanos);
        }
    }

    private void check() {
        timer = null;
        if (!session.isConnected()) {
            return;
        }
        long silent = System.nanoTime() - lastHeard;
        if (silent >= limitNanos) {
            session.lost("no message for " + TimeUnit.NANOSECONDS.toMillis(silent) + " ms (1.5 x keep-alive)");
        } else {
            arm(limitNanos - silent);
        }
    }
}
