package dev.l610.modem.internal.mqtt3;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/** Host name look-ups off the event loop: {@link InetAddress#getByName(String)} on an executor for blocking work. */
public final class Resolver {

    private Resolver() {
    }

    /**
     * A resolver that looks names up on {@code blocking} (e.g. {@code ModemRuntime.blocking()}). The future fails
     * with {@link UnknownHostException} for an unknown host, {@link RejectedExecutionException} when the
     * executor is full.
     */
    public static Function<String, CompletableFuture<InetAddress>> on(Executor blocking) {
        return host -> {
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
        };
    }
}
