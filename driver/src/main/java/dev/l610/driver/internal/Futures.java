package dev.l610.driver.internal;

import dev.l610.driver.LinkClosedException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/** Future helpers that keep the driver's exceptions unwrapped: a mapped future fails with the cause itself. */
public final class Futures {

    private Futures() {
    }

    /** The cause inside {@link CompletionException}/{@link ExecutionException} layers. */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Like {@code thenApply}, but a failure of {@code src} or of {@code fn} fails the result with the bare cause. */
    public static <T, R> CompletableFuture<R> map(CompletableFuture<T> src, Function<? super T, ? extends R> fn) {
        CompletableFuture<R> out = new CompletableFuture<>();
        src.whenComplete((v, e) -> {
            if (e != null) {
                out.completeExceptionally(unwrap(e));
                return;
            }
            try {
                out.complete(fn.apply(v));
            } catch (RuntimeException ex) {
                out.completeExceptionally(ex);
            }
        });
        return out;
    }

    /** Runs {@code task} on {@code executor}; the future fails with the task's exception itself, unwrapped. */
    public static <T> CompletableFuture<T> supply(Executor executor, Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    f.complete(task.get());
                } catch (Throwable t) {
                    f.completeExceptionally(unwrap(t));
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new LinkClosedException("the driver is closed", e));
        }
        return f;
    }

    /** Waits for {@code f} and returns its value, rethrowing its failure unwrapped (runtime exceptions as is). */
    public static <T> T await(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable c = unwrap(e);
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
