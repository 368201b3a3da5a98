package dev.l610.link;

import dev.l610.modem.LineTap;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person-readable log of every byte on the serial line. One entry per line of traffic:
 * <pre>
 * 2026-11-25T21:40:24.123Z &gt;&gt; AT+CSQ\r
 * 2026-11-25T21:40:24.125Z &lt;&lt; \r\n+CSQ: 31,99\r\n\r\nOK\r\n
 * </pre>
 * {@code >>} is host to modem, {@code <<} modem to host. Bytes outside printable ASCII are escaped
 * ({@code \r}, {@code \n}, {@code \xNN}; a backslash as {@code \\}). Traffic is cut into entries at
 * each LF (host side: at CR), when the direction changes, or every 1024 bytes. With masking, passwords of
 * +MQTTUSER (command and read answer) are written as {@code "***"}.
 *
 * <p>Entries are made on the modem's loop; a file transcript's writes run off the loop behind a bounded
 * queue ({@link #MAX_QUEUED_CHARS}), and an in-memory transcript is read ({@link #text()}) without a lock
 * the loop would wait for.
 */
public final class Transcript implements LineTap, AutoCloseable {

    private static final int MAX_ENTRY = 1024;
    /** Characters of entries that may wait for the file; past that new entries are dropped. */
    public static final int MAX_QUEUED_CHARS = 1024 * 1024;
    private static final Pattern USER_PASSWORD =
            Pattern.compile("(\\+MQTTUSER(?:=|: )\\s*\\d+\\s*,\\s*\"[^\"]*\"\\s*,\\s*)\"[^\"]*\"", Pattern.CASE_INSENSITIVE);

    private final TranscriptEntries out;
    private final MemoryEntries memory;
    private final ExecutorService ownExecutor;
    private final boolean mask;
    private final Clock clock;
    // guarded by this: the modem's loop, and close
    private final StringBuilder entry = new StringBuilder();
    private int entryDirection; // 0 none, 1 from host, 2 to host
    private Instant entryStart;

    private Transcript(TranscriptEntries out, MemoryEntries memory, ExecutorService ownExecutor, boolean mask, Clock clock) {
        this.out = out;
        this.memory = memory;
        this.ownExecutor = ownExecutor;
        this.mask = mask;
        this.clock = clock;
    }

    /** Appends to {@code file} (created if missing), written by {@code blocking} (e.g. the runtime's blocking pool). */
    public static Transcript open(Path file, boolean mask, Executor blocking) {
        return new Transcript(new FileEntries(writer(file), blocking, MAX_QUEUED_CHARS), null, null, mask, Clock.systemUTC());
    }

    /** Appends to {@code file} (created if missing), written by a thread of the transcript's own. */
    public static Transcript open(Path file, boolean mask) {
        Writer w = writer(file);
        ExecutorService own = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "l610-transcript");
            t.setDaemon(true);
            return t;
        });
        return new Transcript(new FileEntries(w, own, MAX_QUEUED_CHARS), null, own, mask, Clock.systemUTC());
    }

    /** For tests: a transcript to any writer, with a given clock. */
    static Transcript to(Writer writer, Executor blocking, boolean mask, Clock clock) {
        return new Transcript(new FileEntries(writer, blocking, MAX_QUEUED_CHARS), null, null, mask, clock);
    }

    private static Writer writer(Path file) {
        try {
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new LinkException("cannot write the transcript " + file + ": " + e.getMessage(), e);
        }
    }

    /** A transcript kept in memory: the last {@code maxChars} characters of entries (the control API's). */
    public static Transcript inMemory(int maxChars, boolean mask) {
        return inMemory(maxChars, mask, Clock.systemUTC());
    }

    static Transcript inMemory(int maxChars, boolean mask, Clock clock) {
        MemoryEntries m = new MemoryEntries(maxChars);
        return new Transcript(m, m, null, mask, clock);
    }

    /** The text so far of an in-memory transcript (whole entries, oldest first). */
    public String text() {
        if (memory == null) {
            throw new IllegalStateException("not an in-memory transcript");
        }
        return memory.text();
    }

    @Override
    public synchronized void fromHost(byte[] data, int off, int len) {
        add(1, data, off, len, '\r');
    }

    @Override
    public synchronized void toHost(byte[] data) {
        add(2, data, 0, data.length, -1);
        endEntry(); // one entry per write: a whole answer reads as one line
    }

    private void add(int direction, byte[] data, int off, int len, int cut) {
        if (entryDirection != direction) {
            endEntry();
        }
        for (int i = off; i < off + len; i++) {
            if (entryDirection == 0) {
                entryDirection = direction;
                entryStart = clock.instant();
            }
            int c = data[i] & 0xff;
            entry.append((char) c);
            if (c == cut || entry.length() >= MAX_ENTRY) {
                endEntry();
            }
        }
    }

    private void endEntry() {
        if (entryDirection == 0) {
            return;
        }
        String text = entry.toString();
        if (mask) {
            text = mask(text);
        }
        out.add(entryStart + (entryDirection == 1 ? " >> " : " << ") + escape(text) + System.lineSeparator());
        entry.setLength(0);
        entryDirection = 0;
    }

    /** {@code text} with the passwords of +MQTTUSER (command and read answer) written as {@code "***"}. */
    public static String mask(String text) {
        Matcher m = USER_PASSWORD.matcher(text);
        return m.replaceAll("$1\"***\"");
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        b.append(c);
                    } else {
                        b.append(String.format("\\x%02x", (int) c));
                    }
                }
            }
        }
        return b.toString();
    }

    /** Ends the unfinished entry and writes what waits (on the caller's thread, never holding the loop's lock). */
    @Override
    public void close() {
        synchronized (this) {
            endEntry();
        }
        out.close();
        if (ownExecutor != null) {
            ownExecutor.shutdown();
        }
    }
}
