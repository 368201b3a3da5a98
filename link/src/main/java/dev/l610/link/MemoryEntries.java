package dev.l610.link;

import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The last {@code max} characters of transcript entries, whole entries only, in memory (the control API's
 * {@code GET /transcript}). One writer (the modem's loop) adds and trims; readers take a snapshot with
 * {@link #text()} without any lock the writer waits for.
 */
final class MemoryEntries implements TranscriptEntries {

    private final int max;
    private final ConcurrentLinkedDeque<String> entries = new ConcurrentLinkedDeque<>();
    // writer only
    private long chars;
    private int count;

    MemoryEntries(int max) {
        this.max = max;
    }

    @Override
    public void add(String line) {
        entries.addLast(line);
        chars += line.length();
        count++;
        while (chars > max && count > 1) {
            chars -= entries.pollFirst().length();
            count--;
        }
    }

    /** Whole entries, oldest first. */
    String text() {
        StringBuilder b = new StringBuilder();
        for (String e : entries) {
            b.append(e);
        }
        return b.toString();
    }

    @Override
    public void close() {
    }
}
