package dev.l610.driver.internal;

import dev.l610.driver.AtRequest;
import dev.l610.driver.AtResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One command in the channel: queued, then written and waiting for its answer. Guarded by the channel. */
final class PendingCommand {

    final AtRequest request;
    final List<CommandSyntax.Part> parts;
    final Duration timeout;
    final CompletableFuture<AtResponse> future = new CompletableFuture<>();
    final List<String> lines = new ArrayList<>();
    boolean echoSeen;
    boolean promptSeen;
    /** When it times out (System.nanoTime()), once written. */
    long deadline;

    PendingCommand(AtRequest request, List<CommandSyntax.Part> parts, Duration timeout) {
        this.request = request;
        this.parts = parts;
        this.timeout = timeout;
    }

    boolean isInfo(String line) {
        return request.infoPrefixes() != null ? CommandSyntax.isInfo(line, request.infoPrefixes())
                : CommandSyntax.isInfo(parts, line);
    }

    boolean isEcho(String line) {
        return !echoSeen && line.strip().equalsIgnoreCase(request.command().strip());
    }

    boolean wantsPrompt() {
        return request.data() != null && !promptSeen;
    }

    String name() {
        return request.command();
    }
}
