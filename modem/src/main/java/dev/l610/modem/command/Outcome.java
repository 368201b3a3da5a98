package dev.l610.modem.command;

import dev.l610.at.CmeError;
import dev.l610.at.FinalResult;

import java.util.List;

/** How a command ended: answered now, or waiting for a {@code >} data block first. */
public sealed interface Outcome permits Outcome.Done, Outcome.NeedData, Outcome.Later {

    /** Information lines (possibly none) and the final result. */
    record Done(List<String> lines, FinalResult result) implements Outcome {
        public Done {
            lines = List.copyOf(lines);
        }
    }

    /**
     * Prompt with {@code \r\n>\r\n}, read up to {@code size} raw bytes, then call {@code completion} with
     * what came. The engine answers {@code ERROR} itself when no byte comes before the data timeout.
     */
    record NeedData(int size, DataCompletion completion) implements Outcome {
        public NeedData {
            if (size < 1) {
                throw new IllegalArgumentException("data size must be positive: " + size);
            }
        }
    }

    /**
     * The answer comes later (e.g. a DNS look-up): the line stays busy (URCs wait) until {@code answer}
     * completes, on any thread; its result is then written and the line goes on.
     */
    record Later(java.util.concurrent.CompletableFuture<Done> answer) implements Outcome {
    }

    /** Called with the data block: all {@code size} bytes, or fewer when the host went silent. */
    @FunctionalInterface
    interface DataCompletion {
        Outcome complete(byte[] data);
    }

    static Outcome ok() {
        return new Done(List.of(), FinalResult.OK);
    }

    static Outcome ok(String... lines) {
        return new Done(List.of(lines), FinalResult.OK);
    }

    static Outcome ok(List<String> lines) {
        return new Done(lines, FinalResult.OK);
    }

    static Outcome error() {
        return new Done(List.of(), FinalResult.ERROR);
    }

    static Outcome cme(CmeError e) {
        return new Done(List.of(), FinalResult.cme(e));
    }
}
