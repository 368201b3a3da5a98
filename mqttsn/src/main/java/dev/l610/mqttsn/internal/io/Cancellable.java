package dev.l610.mqttsn.internal.io;

import java.util.concurrent.ScheduledFuture;

/**
 * A timer scheduled on an {@link EventLoop}. Cancelling it on the I/O thread guarantees its task will
 * not run, even if the timer thread already handed it to the I/O thread.
 */
public final class Cancellable {

    private volatile boolean cancelled;
    private volatile ScheduledFuture<?> future;

    Cancellable() {
    }

    void future(ScheduledFuture<?> f) {
        this.future = f;
    }

    boolean isCancelled() {
        return cancelled;
    }

    public void cancel() {
        cancelled = true;
        ScheduledFuture<?> f = future;
        if (f != null) {
            f.cancel(false);
        }
    }
}
