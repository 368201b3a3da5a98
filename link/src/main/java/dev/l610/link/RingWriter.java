package dev.l610.link;

import java.io.Writer;

/** A writer that keeps only the last {@code max} characters written (the in-memory transcript). */
final class RingWriter extends Writer {

    private final int max;
    private final StringBuilder buf = new StringBuilder();

    RingWriter(int max) {
        this.max = max;
    }

    @Override
    public synchronized void write(char[] c, int off, int len) {
        buf.append(c, off, len);
        if (buf.length() > max + max / 4) {
            int cut = buf.length() - max;
            int nl = buf.indexOf("\n", cut);
            buf.delete(0, nl < 0 ? cut : nl + 1); // drop whole entries
        }
    }

    synchronized String text() {
        return buf.toString();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
