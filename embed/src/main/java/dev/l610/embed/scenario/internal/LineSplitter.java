package dev.l610.embed.scenario.internal;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts the bytes of one direction of the line into lines: at CR or LF, empty lines dropped, a line
 * longer than {@link #MAX_LINE} cut there (the rest is the next line).
 */
final class LineSplitter {

    static final int MAX_LINE = 4096;

    private final byte[] buf = new byte[MAX_LINE];
    private int len;
    private final Consumer<String> lines;

    LineSplitter(Consumer<String> lines) {
        this.lines = lines;
    }

    void feed(byte[] data, int off, int n) {
        for (int i = off; i < off + n; i++) {
            byte b = data[i];
            if (b == '\r' || b == '\n') {
                end();
                continue;
            }
            buf[len++] = b;
            if (len == MAX_LINE) {
                end();
            }
        }
    }

    /** Forgets a partial line (a data block followed). */
    void reset() {
        len = 0;
    }

    private void end() {
        if (len > 0) {
            String s = new String(buf, 0, len, StandardCharsets.ISO_8859_1);
            len = 0;
            lines.accept(s);
        }
    }
}
