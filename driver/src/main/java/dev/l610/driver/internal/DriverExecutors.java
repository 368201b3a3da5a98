package dev.l610.driver.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The driver's threads besides the reader: one timer, one event thread that runs listeners in arrival
 * order, and a small cached pool that completes futures. Futures are never completed on the reader
 * thread, so code chained to them (or a listener that joins one) cannot stall reading.
 */
public final class DriverExecutors implements AutoCloseable {

    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService events;
    private final ExecutorService completions;

    public DriverExecutors(String name) {
        timer = new ScheduledThreadPoolExecutor(1, daemon(name + "-timer"));
        timer.setRemoveOnCancelPolicy(true);
        events = Executors.newSingleThreadExecutor(daemon(name + "-events"));
        completions = Executors.newCachedThreadPool(daemon(name + "-complete"));
    }

    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Runs a listener call on the event thread (dropped once closed). */
    public void event(Runnable task) {
        try {
            events.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: nobody listens any more
        }
    }

    public <T> void complete(CompletableFuture<T> f, T value) {
        run(() -> f.complete(value));
    }

    public void fail(CompletableFuture<?> f, Throwable cause) {
        run(() -> f.completeExceptionally(cause));
    }

    /** For blocking helper tasks (bring-up). */
    public Executor blocking() {
        return completions;
    }

    private void run(Runnable r) {
        try {
            completions.execute(r);
        } catch (RejectedExecutionException e) {
            r.run();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        events.shutdown();
        completions.shutdown();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
