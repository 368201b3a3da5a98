package dev.l610.at;

import java.nio.charset.StandardCharsets;

/**
 * Finds command lines in a byte stream (ITU-T V.250 §5.2.1), one byte at a time, so input can arrive
 * in chunks of any size. Four states, as in oFono's gatserver: idle (noise is dropped), seen {@code A},
 * in a command, and discarding an over-long line up to its terminator.
 *
 * <p>The line handed out is the text after {@code AT} (bytes mapped 1:1 to chars, ISO-8859-1).
 * Memory use is bounded by the line limit whatever the input.
 */
public final class AtFramer {

    private enum State { IDLE, SEEN_A, IN_COMMAND, DISCARDING }

    private final int maxLine;
    /** Grows by doubling up to {@code maxLine}: an idle modem of a fleet holds a small one. */
    private byte[] buf;
    private int len;
    /** Inside a string constant of the line being received (an odd number of '"' so far). */
    private boolean quoted;
    private State state = State.IDLE;
    private String line = "";

    /** @param maxLine the longest line accepted, counted from the {@code A} of {@code AT} */
    public AtFramer(int maxLine) {
        if (maxLine < 2) {
            throw new IllegalArgumentException("maxLine must be at least 2, was " + maxLine);
        }
        this.maxLine = maxLine;
        this.buf = new byte[Math.min(maxLine, 64)];
    }

    public AtFramer() {
        this(AtLimits.DEFAULT_MAX_LINE);
    }

    /**
     * Feeds one byte.
     *
     * @param b the byte
     * @param settings read at the moment of use for S3 (terminator) and S5 (backspace)
     */
    public FrameEvent feed(byte b, AtSettings settings) {
        int c = b & 0xff;
        switch (state) {
            case IDLE:
                if (c == 'A' || c == 'a') {
                    buf[0] = b;
                    len = 1;
                    state = State.SEEN_A;
                }
                return FrameEvent.NONE;
            case SEEN_A:
                if (c == 'T' || c == 't') {
                    buf[1] = b;
                    len = 2;
                    quoted = false;
                    state = State.IN_COMMAND;
                } else if (c == '/') {
                    state = State.IDLE;
                    return FrameEvent.REPEAT;
                } else if (c == settings.s5()) {
                    state = State.IDLE;
                } else if (c != 'A' && c != 'a') {
                    state = State.IDLE;
                }
                return FrameEvent.NONE;
            case IN_COMMAND:
                if (c == settings.s3()) {
                    line = new String(buf, 2, len - 2, StandardCharsets.ISO_8859_1);
                    state = State.IDLE;
                    return FrameEvent.LINE;
                }
                if (c == settings.s5()) {
                    if (buf[len - 1] == '"') {
                        quoted = !quoted;
                    }
                    len--;
                    if (len < 2) {
                        state = len == 1 ? State.SEEN_A : State.IDLE;
                    }
                    return FrameEvent.NONE;
                }
                if ((c < 0x20 || c == 0x7f) && !quoted) {
                    return FrameEvent.NONE; // V.250 §5.2.2: other control characters (LF among them) are ignored
                }
                // inside a string constant a control character is kept, so the command rejects it with its
                // own error (the manual allows printable ASCII) instead of silently changing the string
                if (len == maxLine) {
                    state = State.DISCARDING;
                    return FrameEvent.NONE;
                }
                if (b == '"') {
                    quoted = !quoted;
                }
                if (len == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, Math.min(maxLine, buf.length * 2));
                }
                buf[len++] = b;
                return FrameEvent.NONE;
            case DISCARDING:
                if (c == settings.s3()) {
                    state = State.IDLE;
                    len = 0;
                    return FrameEvent.OVERLONG;
                }
                return FrameEvent.NONE;
            default:
                throw new AssertionError(state);
        }
    }

    /** The text after {@code AT} of the line that the last {@link FrameEvent#LINE} completed. */
    public String line() {
        return line;
    }

    /** Forgets a partly received line (after ATZ, or when the host reconnects). */
    public void reset() {
        state = State.IDLE;
        len = 0;
        quoted = false;
    }
}
