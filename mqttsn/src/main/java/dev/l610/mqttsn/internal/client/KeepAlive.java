package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.client.MqttSnTimeoutException;
import dev.l610.mqttsn.codec.PingReq;
import dev.l610.mqttsn.internal.io.Loops;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The keep-alive procedure (§6.11): a PINGREQ when nothing was sent to, or nothing heard from, the
 * gateway for the keep-alive period; the PINGRESP is supervised like any request (Tretry, Nretry),
 * and a missing one means the gateway is lost. Counting silence in both directions also notices a
 * dead gateway while the client only sends QoS 0 publishes.
 */
final class KeepAlive {

    private final ClientCore core;
    private ScheduledFuture<?> tick;
    private ScheduledFuture<?> pingTimer;
    private boolean pingOutstanding;
    private int attempts;

    KeepAlive(ClientCore core) {
        this.core = core;
    }

    void start() {
        stop();
        if (core.config().keepAliveSeconds() > 0) {
            schedule(periodNanos());
        }
    }

    void stop() {
        tick = Loops.cancel(tick);
        pingTimer = Loops.cancel(pingTimer);
        pingOutstanding = false;
    }

    void onPingResp() {
        pingOutstanding = false;
        pingTimer = Loops.cancel(pingTimer);
    }

    private void check() {
        tick = null;
        if (!core.canRunRequests()) {
            return;
        }
        long now = System.nanoTime();
        long idleSince = Math.min(core.lastSentNanos(), core.lastReceivedNanos());
        long due = idleSince + periodNanos() - now;
        if (due <= 0) {
            if (!pingOutstanding) {
                pingOutstanding = true;
                attempts = 0;
                core.send(new PingReq());
                if (!core.canRunRequests()) {
                    return; // the send found the gateway gone
                }
                armPingTimer();
            }
            due = periodNanos();
        }
        schedule(due);
    }

    private void onPingTimeout() {
        pingTimer = null;
        if (!pingOutstanding) {
            return;
        }
        if (attempts >= core.config().retries()) {
            core.connectionLost(new MqttSnTimeoutException("no PINGRESP after " + attempts + " retransmission(s) (§6.11, §6.13)"));
            return;
        }
        attempts++;
        core.stats().retransmissions.incrementAndGet();
        core.send(new PingReq());
        if (pingOutstanding) {
            armPingTimer();
        }
    }

    private void armPingTimer() {
        pingTimer = Loops.schedule(core.loop(), this::onPingTimeout, core.config().retryNanos());
    }

    private void schedule(long nanos) {
        tick = Loops.schedule(core.loop(), this::check, nanos);
    }

    private long periodNanos() {
        return TimeUnit.SECONDS.toNanos(core.config().keepAliveSeconds());
    }
}
