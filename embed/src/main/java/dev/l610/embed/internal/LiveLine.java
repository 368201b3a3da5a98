package dev.l610.embed.internal;

import dev.l610.link.Transcript;
import dev.l610.modem.LineTap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The serial line as events for the web console: one JSON object per line of traffic,
 * {@code {"dir":"host"|"modem","urc":bool,"text":"…","t":epochMillis}}. The text is the line's bytes
 * (ISO-8859-1, CR and LF included); passwords of +MQTTUSER are masked as in the transcript served over
 * HTTP. Host bytes are cut at CR or LF, modem bytes after each LF and after an echoed command's CR (leading
 * blank CR LF kept with the line they precede); a line is cut at {@value #MAX_LINE} bytes. A modem line is marked as a URC when the modem
 * announced it through {@link LineTap#urc}. Runs on the modem's loop and only hands strings on.
 */
public final class LiveLine implements LineTap {

    static final int MAX_LINE = 1024;
    private static final int MAX_PENDING_URCS = 256;

    private final Consumer<String> events;
    // the modem's loop only
    private final StringBuilder host = new StringBuilder();
    private final ArrayDeque<String> urcs = new ArrayDeque<>();

    public LiveLine(Consumer<String> events) {
        this.events = events;
    }

    @Override
    public void fromHost(byte[] data, int off, int len) {
        for (int i = off; i < off + len; i++) {
            char c = (char) (data[i] & 0xff);
            host.append(c);
            if (c == '\r' || c == '\n' || host.length() >= MAX_LINE) {
                endHostLine();
            }
        }
    }

    @Override
    public void urc(String line) {
        if (urcs.size() == MAX_PENDING_URCS) {
            urcs.poll();
        }
        urcs.add(line);
    }

    @Override
    public void toHost(byte[] data) {
        endHostLine(); // a half-typed host line first: the order on the line
        String text = Transcript.mask(new String(data, StandardCharsets.ISO_8859_1));
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean end = c == '\n' && !blank(text, start, i)
                    || c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\r' && !blank(text, start, i); // an echo's CR
            if (end || i + 1 - start >= MAX_LINE) {
                modemLine(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            modemLine(text.substring(start));
        }
        urcs.clear(); // every URC announced so far was in this write
    }

    /** Only CR and LF between {@code from} and {@code to}: a blank line that goes with the next. */
    private static boolean blank(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }

    private void modemLine(String line) {
        String bare = line.replace("\r", "").replace("\n", "");
        boolean urc = !bare.isEmpty() && urcs.remove(bare);
        events.accept(event("modem", urc, line));
    }

    private void endHostLine() {
        if (host.length() == 0) {
            return;
        }
        String line = Transcript.mask(host.toString());
        host.setLength(0);
        events.accept(event("host", false, line));
    }

    private static String event(String dir, boolean urc, String text) {
        return "{\"dir\":\"" + dir + "\",\"urc\":" + urc + ",\"text\":" + JsonText.str(text) + ",\"t\":" + System.currentTimeMillis() + "}";
    }
}
