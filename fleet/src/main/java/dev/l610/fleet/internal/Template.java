package dev.l610.fleet.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text with placeholders: {@code {imei}}, {@code {index}} (per device), {@code {seq}}, {@code {ts}}
 * (epoch milliseconds) and {@code {random:N}} (N random hex digits) per message. Compiled once; the
 * same template also gives the pattern that finds a message's sequence number again.
 */
public final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(imei|index|seq|ts|rssi|random:(\\d{1,4}))}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private enum Kind { TEXT, IMEI, INDEX, SEQ, TS, RSSI, RANDOM }

    private record Part(Kind kind, String text, int n) {
    }

    private final String source;
    private final List<Part> parts = new ArrayList<>();
    private final Pattern seqPattern;

    public Template(String source) {
        this.source = source;
        Matcher m = PLACEHOLDER.matcher(source);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        boolean seq = false;
        while (m.find()) {
            if (m.start() > last) {
                String lit = source.substring(last, m.start());
                parts.add(new Part(Kind.TEXT, lit, 0));
                regex.append(Pattern.quote(lit));
            }
            String name = m.group(1);
            if (name.startsWith("random:")) {
                int n = Integer.parseInt(m.group(2));
                parts.add(new Part(Kind.RANDOM, null, n));
                regex.append("[0-9a-f]{").append(n).append('}');
            } else {
                Kind k = Kind.valueOf(name.toUpperCase(java.util.Locale.ROOT));
                parts.add(new Part(k, null, 0));
                if (k == Kind.SEQ && !seq) {
                    regex.append("(\\d+)");
                    seq = true;
                } else {
                    regex.append("\\d+");
                }
            }
            last = m.end();
        }
        if (last < source.length()) {
            String lit = source.substring(last);
            parts.add(new Part(Kind.TEXT, lit, 0));
            regex.append(Pattern.quote(lit));
        }
        this.seqPattern = seq ? Pattern.compile(regex.toString(), Pattern.DOTALL) : null;
    }

    /** Checks a template of the behaviour file: a payload needs {@code {seq}} (for the accounting). */
    public static void check(String where, String source, boolean needsSeq) {
        Template t = new Template(source);
        if (needsSeq && t.seqPattern == null) {
            throw new IllegalArgumentException(where + " needs {seq}: the sequence number accounts for every message");
        }
        String stripped = PLACEHOLDER.matcher(source).replaceAll("");
        if (stripped.contains("{") && stripped.matches("(?s).*\\{[a-z]+(:\\d*)?}.*")) {
            throw new IllegalArgumentException(where + ": unknown placeholder in '" + source
                    + "' (known: {imei}, {index}, {seq}, {ts}, {rssi}, {random:N})");
        }
    }

    /** The text for one device: {@code {imei}} and {@code {index}} filled, the others as given. */
    public String render(String imei, int index, long seq, long ts, Random random) {
        return render(imei, index, seq, ts, random, 99);
    }

    /** True when the text has {@code {rssi}}: the device asks {@code AT+CSQ} for it. */
    public boolean usesRssi() {
        return parts.stream().anyMatch(p -> p.kind == Kind.RSSI);
    }

    public String render(String imei, int index, long seq, long ts, Random random, int rssi) {
        StringBuilder b = new StringBuilder(source.length() + 16);
        for (Part p : parts) {
            switch (p.kind) {
                case TEXT -> b.append(p.text);
                case IMEI -> b.append(imei);
                case INDEX -> b.append(index);
                case SEQ -> b.append(seq);
                case TS -> b.append(ts);
                case RSSI -> b.append(rssi);
                case RANDOM -> {
                    for (int i = 0; i < p.n; i++) {
                        b.append(HEX[random.nextInt(16)]);
                    }
                }
            }
        }
        return b.toString();
    }

    /** For templates without per-message placeholders (topics, ids). */
    public String render(String imei, int index) {
        return render(imei, index, 0, 0, null);
    }

    /** The sequence number in a text this template made, or -1 when it does not match. */
    public long seq(String text) {
        if (seqPattern == null) {
            return -1;
        }
        Matcher m = seqPattern.matcher(text);
        if (!m.matches()) {
            return -1;
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return source;
    }
}
