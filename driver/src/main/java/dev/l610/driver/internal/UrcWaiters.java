package dev.l610.driver.internal;

import dev.l610.driver.LinkClosedException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** One-shot waits for a URC (e.g. {@code +MIPCALL: <ip>} after {@code AT+MIPCALL=1}); first match wins. */
final class UrcWaiters implements UrcHook {

    private record Waiter(Predicate<String> match, CompletableFuture<String> future) {
    }

    private final DriverExecutors exec;
    private final List<Waiter> waiters = new ArrayList<>();

    UrcWaiters(DriverExecutors exec) {
        this.exec = exec;
    }

    synchronized CompletableFuture<String> await(Predicate<String> match) {
        Waiter w = new Waiter(match, new CompletableFuture<>());
        waiters.add(w);
        return w.future;
    }

    synchronized void cancel(CompletableFuture<String> f, Throwable cause) {
        if (waiters.removeIf(w -> w.future == f)) {
            exec.fail(f, cause);
        }
    }

    @Override
    public synchronized void onUrc(String line) {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.match.test(line)) {
                it.remove();
                exec.complete(w.future, line);
                return;
            }
        }
    }

    @Override
    public synchronized void onClose(LinkClosedException cause) {
        for (Waiter w : new ArrayList<>(waiters)) {
            exec.fail(w.future, cause);
        }
        waiters.clear();
    }
}
