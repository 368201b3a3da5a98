package dev.l610.mqttsn.internal.gateway;

import dev.l610.mqttsn.internal.io.Cancellable;

import java.util.concurrent.TimeUnit;

/**
 * Supervises a client's keep-alive: 1.5 x the CONNECT Duration without any message from it ends
 * the session as lost (§6.11, as MQTT 3.1.1 §3.1.2.10 does for a server). Duration 0: no supervision.
 */
final class SessionKeepAlive {

    private final GatewaySession session;
    private final long limitNanos;
    private long lastHeard = System.nanoTime();
    private Cancellable timer;

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

    void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void arm(long delayNanos) {
        if (limitNanos > 0) {
            timer = session.core().loop().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        timer = null;
        if (!session.isActive()) {
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
