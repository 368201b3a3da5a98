package dev.l610.mqttsn.internal.io;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** Running tasks and timers on a Netty event loop that may be shutting down. */
public final class Loops {

    private Loops() {
    }

    /** Runs {@code task} on {@code loop} (queued, also when called on it); {@code false} when the loop refused it. */
    public static boolean execute(EventExecutor loop, Runnable task) {
        if (loop.isShuttingDown()) {
            return false;
        }
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Runs {@code task} on {@code loop} after the delay; {@code null} when the loop is shutting down.
     * Cancelled on the loop before it ran, the task never runs.
     */
    public static ScheduledFuture<?> schedule(EventExecutor loop, Runnable task, long delayNanos) {
        if (loop.isShuttingDown()) {
            return null;
        }
        try {
            return loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Cancels a timer from {@link #schedule}; {@code null} is ignored. Always returns {@code null}, for {@code t = cancel(t)}. */
    public static ScheduledFuture<?> cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
        return null;
    }
}
