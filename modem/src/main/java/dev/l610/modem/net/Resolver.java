package dev.l610.modem.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Host-name look-ups for the modem's connections, off the event loops: the JDK's resolver blocks, so
 * it runs on the runtime's bounded pool for blocking work. A full pool fails the look-up (the open
 * answers status 0) instead of queueing without bound.
 */
public final class Resolver implements Function<String, CompletableFuture<InetAddress>> {

    private final Executor blocking;

    public Resolver(Executor blocking) {
        this.blocking = blocking;
    }

    @Override
    public CompletableFuture<InetAddress> apply(String host) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return InetAddress.getByName(host);
                } catch (UnknownHostException e) {
                    throw new CompletionException(e);
                }
            }, blocking);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
