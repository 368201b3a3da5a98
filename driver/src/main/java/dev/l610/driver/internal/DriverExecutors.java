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

    private final java.util.concurrent.ScheduledExecutorService timer;
    private final ExecutorService events;
    private final ExecutorService completions;
    /** Not owned: a shared executor (e.g. an event loop) that runs timers, listeners and completions. */
    private final boolean shared;

    public DriverExecutors(String name) {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemon(name + "-timer"));
        t.setRemoveOnCancelPolicy(true);
        timer = t;
        events = Executors.newSingleThreadExecutor(daemon(name + "-events"));
        completions = Executors.newCachedThreadPool(daemon(name + "-complete"));
        shared = false;
    }

    /**
     * Everything on one executor the caller owns (closing the driver does not stop it): timers, listener
     * calls and completions run there as tasks of their own, in order. It must run one task at a time
     * (a single thread, such as a Netty event loop), and code on it must not block.
     */
    public DriverExecutors(java.util.concurrent.ScheduledExecutorService one) {
        timer = one;
        events = new NoShutdown(one);
        completions = events;
        shared = true;
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
        // a shared executor must never block: bring-up and identity wait on the common pool instead
        return shared ? java.util.concurrent.ForkJoinPool.commonPool() : completions;
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
        if (shared) {
            return;
        }
        timer.shutdownNow();
        events.shutdown();
        completions.shutdown();
    }

    /** A borrowed executor seen as an {@link ExecutorService} whose shutdown leaves it running. */
    private static final class NoShutdown extends java.util.concurrent.AbstractExecutorService {
        private final Executor target;

        NoShutdown(Executor target) {
            this.target = target;
        }

        @Override
        public void execute(Runnable command) {
            target.execute(command);
        }

        @Override
        public void shutdown() {
        }

        @Override
        public java.util.List<Runnable> shutdownNow() {
            return java.util.List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return false;
        }
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
