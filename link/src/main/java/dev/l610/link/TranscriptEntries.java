package dev.l610.link;

/** Where a {@link Transcript}'s finished entries go, one formatted line each (with its line end). */
interface TranscriptEntries extends AutoCloseable {

    /** Called on the modem's loop (or by close); must not block. */
    void add(String line);

    @Override
    void close();
}
