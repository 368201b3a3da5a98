package dev.l610.junit5;

import java.net.InetSocketAddress;

/**
 * The end of a virtual L610's serial-line transcript, attached by {@link L610Extension} to a failed test's
 * exception as a suppressed exception: its message is the transcript, its stack trace is empty.
 */
public final class L610Transcript extends Exception {

    private static final long serialVersionUID = 1L;

    private final String transcript;

    L610Transcript(InetSocketAddress line, String transcript) {
        super("end of the L610 transcript" + (line == null ? "" : " (TCP line " + line.getHostString() + ":" + line.getPort() + ")")
                + (transcript.isEmpty() ? ": (nothing on the line yet)" : ":\n" + transcript), null, false, false);
        this.transcript = transcript;
    }

    /** The transcript's text (whole entries, oldest first, as {@code GET /transcript} serves it). */
    public String transcript() {
        return transcript;
    }
}
