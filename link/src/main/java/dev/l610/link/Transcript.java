package dev.l610.link;

import dev.l610.modem.LineTap;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * A person-readable log of every byte on the serial line. One entry per line of traffic:
 * <pre>
 * 2026-11-25T21:40:24.123Z &gt;&gt; AT+CSQ\r
 * 2026-11-25T21:40:24.125Z &lt;&lt; \r\n+CSQ: 31,99\r\n\r\nOK\r\n
 * </pre>
 * {@code >>} is host to modem, {@code <<} modem to host. Bytes outside printable ASCII are escaped
 * ({@code \r}, {@code \n}, {@code \xNN}; a backslash as {@code \\}). Traffic is cut into entries at
 * each LF (host side: at CR), when the direction changes, or every 256 bytes. With masking, passwords of
 * +MQTTUSER (command and read answer) are written as {@code "***"}.
 */
public final class Transcript implements LineTap, AutoCloseable {

    private static final int MAX_ENTRY = 1024;
    private static final Pattern USER_PASSWORD =
            Pattern.compile("(\\+MQTTUSER(?:=|: )\\s*\\d+\\s*,\\s*\"[^\"]*\"\\s*,\\s*)\"[^\"]*\"", Pattern.CASE_INSENSITIVE);

    private final BufferedWriter writer;
    private RingWriter ring;
    private final boolean mask;
    private final Clock clock;
    private final StringBuilder entry = new StringBuilder();
    private int entryDirection; // 0 none, 1 from host, 2 to host
    private Instant entryStart;
    private boolean failed;

    public Transcript(BufferedWriter writer, boolean mask, Clock clock) {
        this.writer = writer;
        this.mask = mask;
        this.clock = clock;
    }

    /** Appends to {@code file} (created if missing). */
    public static Transcript open(Path file, boolean mask) {
        try {
            BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return new Transcript(w, mask, Clock.systemUTC());
        } catch (IOException e) {
            throw new LinkException("cannot write the transcript " + file + ": " + e.getMessage(), e);
        }
    }

    /** A transcript kept in memory: the last {@code maxChars} characters of entries (the control API's). */
    public static Transcript inMemory(int maxChars, boolean mask) {
        RingWriter ring = new RingWriter(maxChars);
        Transcript t = new Transcript(new BufferedWriter(ring), mask, Clock.systemUTC());
        t.ring = ring;
        return t;
    }

    /** The text so far of an in-memory transcript (whole entries, oldest first). */
    public synchronized String text() {
        if (ring == null) {
            throw new IllegalStateException("not an in-memory transcript");
        }
        flushWriter();
        return ring.text();
    }

    @Override
    public synchronized void fromHost(byte[] data, int off, int len) {
        add(1, data, off, len, '\r');
    }

    @Override
    public synchronized void toHost(byte[] data) {
        add(2, data, 0, data.length, -1);
        endEntry(); // one entry per write: a whole answer reads as one line
        flushWriter();
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
        if (direction == 1) {
            flushWriter();
        }
    }

    private void endEntry() {
        if (entryDirection == 0) {
            return;
        }
        String text = entry.toString();
        if (mask) {
            Matcher m = USER_PASSWORD.matcher(text);
            text = m.replaceAll("$1\"***\"");
        }
        try {
            writer.write(entryStart.toString());
            writer.write(entryDirection == 1 ? " >> " : " << ");
            writer.write(escape(text));
            writer.newLine();
        } catch (IOException e) {
            failed(e);
        }
        entry.setLength(0);
        entryDirection = 0;
    }

    /** A full disk must not stop the modem: say it once and go on without the transcript. */
    private void failed(IOException e) {
        if (!failed) {
            failed = true;
            LoggerFactory.getLogger(Transcript.class).error("transcript write failed: {}", e.getMessage());
        }
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

    private void flushWriter() {
        try {
            writer.flush();
        } catch (IOException e) {
            failed(e);
        }
    }

    @Override
    public synchronized void close() {
        endEntry();
        try {
            writer.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
