package dev.l610.driver.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a command line asks for, as far as matching its answer needs: the commands on the line with their
 * request type (V.250 §5.3: action {@code ATI}, read {@code AT+CPIN?}, test {@code AT+CSQ=?}, set
 * {@code AT+CMEE=1}), and for each which information lines it takes.
 */
public final class CommandSyntax {

    public enum Type { ACTION, READ, TEST, SET }

    /**
     * One command of a line.
     *
     * @param name {@code +CSQ} for extended commands (upper case), {@code I}, {@code E}, {@code &F} for basic ones
     * @param type request type
     * @param arg the digits after a basic command ({@code 0} of {@code ATE0}), else empty
     */
    public record Part(String name, Type type, String arg) {
    }

    /** Commands that answer bare lines (no prefix), as a real L610 does: {@code AT+CGSN} gives the IMEI alone. */
    private static final Set<String> BARE = Set.of("+CGMI", "+CGMM", "+CGMR", "+CGSN", "+GMI", "+GMM", "+GMR", "+GSN",
            "+CIMI", "+CCID");
    /** Set forms that answer no information line: their {@code +NAME: ...} lines are outcome URCs. */
    private static final Set<String> SET_WITHOUT_INFO = Set.of("+MQTTOPEN", "+MQTTCLOSE", "+MQTTSUB", "+MQTTUNSUB",
            "+MQTTPUB", "+MQTTWILL", "+MQTTUSER", "+MQTTCONF", "+MIPCALL", "+CMEE", "+CREG", "+CGREG", "+CEREG", "+CGATT");

    private CommandSyntax() {
    }

    /** The commands of a line that starts with {@code AT}. Unknown characters are skipped. */
    public static List<Part> parse(String line) {
        List<Part> parts = new ArrayList<>();
        String s = line.substring(2);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ';' || c == ' ') {
                i++;
            } else if ("+^$%#*".indexOf(c) >= 0) {
                int j = i + 1;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                String name = s.substring(i, j).toUpperCase(Locale.ROOT);
                Type type = s.startsWith("=?", j) ? Type.TEST : s.startsWith("?", j) ? Type.READ
                        : s.startsWith("=", j) ? Type.SET : Type.ACTION;
                parts.add(new Part(name, type, ""));
                i = nextCommand(s, j);
            } else if (Character.isLetter(c) || c == '&') {
                int j = i + 1;
                if (c == '&' && j < s.length()) {
                    j++;
                }
                String name = s.substring(i, j).toUpperCase(Locale.ROOT);
                if (name.equals("D")) {
                    // a dial string runs to the end of the command
                    parts.add(new Part(name, Type.SET, ""));
                    i = nextCommand(s, j);
                    continue;
                }
                Type type = Type.ACTION;
                if (name.equals("S")) {
                    while (j < s.length() && Character.isDigit(s.charAt(j))) {
                        j++;
                    }
                }
                if (s.startsWith("?", j)) {
                    type = Type.READ;
                    j++;
                } else if (s.startsWith("=", j)) {
                    type = Type.SET;
                    j++;
                }
                int a = j;
                while (j < s.length() && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                parts.add(new Part(name, type, s.substring(a, j)));
                i = j;
            } else {
                i++;
            }
        }
        return parts;
    }

    private static int nextCommand(String s, int from) {
        boolean quoted = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                return i + 1;
            }
        }
        return s.length();
    }

    /** True when {@code line} is an information line of one of these commands (see {@code AtChannel}). */
    public static boolean isInfo(List<Part> parts, String line) {
        for (Part p : parts) {
            boolean extended = !Character.isLetter(p.name().charAt(0)) && p.name().charAt(0) != '&';
            if (extended) {
                if (p.type() == Type.SET && SET_WITHOUT_INFO.contains(p.name())) {
                    continue;
                }
                if (AtFields.hasPrefix(line, p.name())) {
                    return true;
                }
                if (BARE.contains(p.name()) && (p.type() == Type.ACTION || p.type() == Type.SET) && isBareLine(line)) {
                    return true;
                }
            } else if (p.name().equals("I") && isBareLine(line)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code line} matches one of explicit prefixes ({@code ""}: bare lines). */
    public static boolean isInfo(String line, List<String> prefixes) {
        for (String p : prefixes) {
            if (p.isEmpty() ? isBareLine(line) : AtFields.hasPrefix(line, p)) {
                return true;
            }
        }
        return false;
    }

    private static final Set<String> BARE_URCS = Set.of("RDY", "RING", "NO CARRIER", "SMS READY", "CALL READY",
            "PB DONE", "NORMAL POWER DOWN", "POWERED DOWN");

    /** A line with no {@code +} prefix that is not one of the well-known bare URCs. */
    public static boolean isBareLine(String line) {
        return !line.startsWith("+") && !BARE_URCS.contains(line.strip().toUpperCase(Locale.ROOT));
    }
}
