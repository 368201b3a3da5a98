package dev.l610.driver.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Cuts the modem's byte stream into lines. A line ends at CR, LF or CR LF (V.250 §5.7 writes
 * {@code \r\n}; some modules write a bare {@code \n}); blank lines are dropped. Two exceptions:
 * <ul>
 * <li>a {@code >} alone at the start of a line is the data prompt of {@code +MQTTPUB}/{@code +MQTTWILL},
 * reported at once (the modem then waits; no line end may follow for a while), when the sink wants one;</li>
 * <li>a CR or LF inside the payload of {@code +MQTTMSG}/{@code +MQTTREAD} is kept (see {@link MqttLines}).</li>
 * </ul>
 * A line longer than the limit is discarded up to its end and logged, then framing resumes.
 * Bytes become chars one to one (ISO-8859-1). Not thread-safe: one reader thread feeds it.
 */
public final class LineFramer {

    private static final Logger LOG = LoggerFactory.getLogger(LineFramer.class);

    /** Where lines go. */
    public interface Sink {
        void onLine(String line);

        void onPrompt();

        /** True while a command waits for its {@code >} prompt. */
        boolean promptWanted();
    }

    private final Sink sink;
    private final int maxLine;
    private final byte[] buf;
    private int len;
    private boolean discarding;
    private long discarded;
    private boolean skipSpaceAfterPrompt;

    public LineFramer(Sink sink, int maxLine) {
        this.sink = sink;
        this.maxLine = maxLine;
        this.buf = new byte[maxLine];
    }

    public void feed(byte[] data, int off, int n) {
        for (int i = off; i < off + n; i++) {
            feed(data[i]);
        }
    }

    private void feed(byte b) {
        if (b == '\r' || b == '\n') {
            if (discarding) {
                LOG.warn("discarded a line of {} bytes from the modem: longer than the limit of {}", discarded, maxLine);
                discarding = false;
                return;
            }
            if (len == 0) {
                return;
            }
            String line = new String(buf, 0, len, StandardCharsets.ISO_8859_1);
            if (!MqttLines.isComplete(line)) {
                append(b);
                return;
            }
            len = 0;
            sink.onLine(line);
            return;
        }
        if (discarding) {
            discarded++;
            return;
        }
        if (skipSpaceAfterPrompt) {
            skipSpaceAfterPrompt = false;
            if (b == ' ') {
                return;
            }
        }
        append(b);
        if (len == 1 && b == '>' && sink.promptWanted()) {
            len = 0;
            skipSpaceAfterPrompt = true;
            sink.onPrompt();
        }
    }

    private void append(byte b) {
        if (len == maxLine) {
            discarding = true;
            discarded = len + 1L;
            len = 0;
            return;
        }
        buf[len++] = b;
    }
}
