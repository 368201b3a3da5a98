package dev.l610.modem.command;

import dev.l610.at.AtCommand;
import dev.l610.at.AtParam;

/** Parameter checks that throw {@link ParamException} with a message naming the rule. */
public final class Params {

    private Params() {
    }

    /** An unquoted integer in {@code [min, max]}. */
    public static int integer(AtParam p, int min, int max, String what) {
        if (!p.isInteger()) {
            throw new ParamException(what + " must be an integer, was " + p);
        }
        long v = p.longValue();
        if (v < min || v > max) {
            throw new ParamException(what + " must be in " + min + ".." + max + ", was " + v);
        }
        return (int) v;
    }

    /** An optional integer: the default when left out. */
    public static int integer(AtParam p, int min, int max, int dflt, String what) {
        return p.isEmpty() ? dflt : integer(p, min, max, what);
    }

    /** One of the listed values. */
    public static int oneOf(AtParam p, String what, int... allowed) {
        if (p.isInteger()) {
            long v = p.longValue();
            for (int a : allowed) {
                if (a == v) {
                    return a;
                }
            }
        }
        throw new ParamException(what + " must be one of " + java.util.Arrays.toString(allowed) + ", was " + p);
    }

    /** A quoted string of {@code minLen..maxLen} characters. */
    public static String string(AtParam p, int minLen, int maxLen, String what) {
        if (!p.quoted()) {
            throw new ParamException(what + " must be a quoted string, was " + p);
        }
        int n = p.text().length();
        if (n < minLen || n > maxLen) {
            throw new ParamException(what + " length must be in " + minLen + ".." + maxLen + ", was " + n);
        }
        for (int i = 0; i < n; i++) {
            char c = p.text().charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new ParamException(what + " holds a control character (0x" + Integer.toHexString(c) + ")");
            }
        }
        return p.text();
    }

    /** Printable ASCII only (0x20..0x7e), as the manual requires of topics. */
    public static String printable(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new ParamException(what + " must be printable ASCII");
            }
        }
        return s;
    }

    /** The command has at most {@code max} parameters and at least {@code min}. */
    public static void count(AtCommand c, int min, int max) {
        int n = c.params().size();
        if (n < min || n > max) {
            throw new ParamException(c.name() + " takes " + min + ".." + max + " parameters, got " + n);
        }
    }
}
