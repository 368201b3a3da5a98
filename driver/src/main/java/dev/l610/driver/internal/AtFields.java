package dev.l610.driver.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Tolerant splitting of AT response lines: {@code +CSQ: 31,99}, {@code +CSQ:31, 99},
 * {@code +COPS: 0,0,"CHN-UNICOM",7}. Spaces after the colon and around commas are optional; values are
 * quoted or bare; commas inside quotes do not split.
 */
public final class AtFields {

    private AtFields() {
    }

    /** True when {@code line} is {@code <prefix>:...} (case-insensitive; blanks before the colon allowed). */
    public static boolean hasPrefix(String line, String prefix) {
        if (!line.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return false;
        }
        int i = prefix.length();
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i < line.length() && line.charAt(i) == ':';
    }

    /** The text after the first colon, leading blanks removed; the whole line when it has no colon. */
    public static String afterPrefix(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? line.strip() : line.substring(colon + 1).stripLeading();
    }

    /** Splits parameters at commas outside quotes; each is trimmed and unquoted. {@code ""} gives no fields. */
    public static List<String> split(String params) {
        List<String> out = new ArrayList<>();
        if (params.isBlank()) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < params.length(); i++) {
            char c = params.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                cur.append(c);
            } else if (c == ',' && !quoted) {
                out.add(unquote(cur.toString().strip()));
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(unquote(cur.toString().strip()));
        return out;
    }

    public static String unquote(String v) {
        return v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"' ? v.substring(1, v.length() - 1) : v;
    }

    /** The integer value of a field, or {@code fallback} when it is not a (small) integer. */
    public static int intOr(String v, int fallback) {
        String t = v.strip();
        if (t.isEmpty() || t.length() > 9) {
            return fallback;
        }
        for (int i = 0; i < t.length(); i++) {
            if (!Character.isDigit(t.charAt(i)) || t.charAt(i) > '9') {
                return fallback;
            }
        }
        return Integer.parseInt(t);
    }

    /** The integer field at {@code index}, or {@code fallback}. */
    public static int intAt(List<String> fields, int index, int fallback) {
        return index < fields.size() ? intOr(fields.get(index), fallback) : fallback;
    }
}
