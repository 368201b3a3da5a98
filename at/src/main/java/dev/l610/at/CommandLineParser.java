package dev.l610.at;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the text after {@code AT} into commands (V.250 §5.3, §5.4).
 *
 * <ul>
 *   <li>Basic commands: a letter with optional digits ({@code E0}, {@code V1}, {@code Z}, {@code I}),
 *       {@code &} and a letter ({@code &F}), S-registers ({@code S3?}, {@code S3=13}); several may follow
 *       each other without separator ({@code ATE0V1}).</li>
 *   <li>Extended commands: {@code +NAME}, then nothing (action), {@code ?} (read), {@code =?} (test) or
 *       {@code =<params>} (set), ended by {@code ;} or the end of the line.</li>
 *   <li>Spaces outside double quotes are ignored, anywhere (V.250 §5.1). A quoted string may hold commas
 *       and semicolons; it has no escapes and ends at the next double quote.</li>
 * </ul>
 */
public final class CommandLineParser {

    private final String s;
    private int pos;
    private final List<AtCommand> out = new ArrayList<>();

    private CommandLineParser(String s) {
        this.s = s;
    }

    public static ParsedLine parse(String body) {
        CommandLineParser p = new CommandLineParser(withoutSpaces(body));
        String error = p.run();
        return new ParsedLine(p.out, error);
    }

    /**
     * V.250 §5.1: spaces are ignored everywhere outside string constants, so {@code ATV 1},
     * {@code ATE 0} and {@code AT + CMEE?} are {@code ATV1}, {@code ATE0} and {@code AT+CMEE?}.
     */
    static String withoutSpaces(String body) {
        if (body.indexOf(' ') < 0) {
            return body;
        }
        StringBuilder b = new StringBuilder(body.length());
        boolean quoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c != ' ' || quoted) {
                b.append(c);
            }
        }
        return b.toString();
    }

    private String run() {
        while (true) {
            skipSpaces();
            if (pos >= s.length()) {
                return null;
            }
            char c = s.charAt(pos);
            String err;
            if (c == ';') {
                pos++;
                continue;
            } else if (c == '+' || c == '^' || c == '$' || c == '%') {
                err = extended();
            } else if (c == '&') {
                err = ampersand();
            } else if (isLetter(c)) {
                err = basic();
            } else {
                err = "unexpected character '" + printable(c) + "' at " + pos;
            }
            if (err != null) {
                return err;
            }
        }
    }

    private String extended() {
        int start = pos++;
        while (pos < s.length() && isNameChar(s.charAt(pos))) {
            pos++;
        }
        String name = s.substring(start, pos);
        if (name.length() < 2) {
            return "extended command without a name at " + start;
        }
        skipSpaces();
        if (pos >= s.length() || s.charAt(pos) == ';') {
            out.add(AtCommand.extended(name, CommandType.ACTION, List.of()));
            return null;
        }
        char c = s.charAt(pos);
        if (c == '?') {
            pos++;
            out.add(AtCommand.extended(name, CommandType.READ, List.of()));
            return endOfCommand();
        }
        if (c != '=') {
            return "unexpected '" + printable(c) + "' after " + name;
        }
        pos++;
        skipSpaces();
        if (pos < s.length() && s.charAt(pos) == '?') {
            pos++;
            out.add(AtCommand.extended(name, CommandType.TEST, List.of()));
            return endOfCommand();
        }
        List<AtParam> params = new ArrayList<>();
        String err = parameters(params);
        if (err != null) {
            return name + ": " + err;
        }
        out.add(AtCommand.extended(name, CommandType.SET, params));
        return null;
    }

    /** Parameters up to ';' or the end: comma-separated, each quoted, bare or empty. */
    private String parameters(List<AtParam> params) {
        while (true) {
            skipSpaces();
            AtParam p;
            if (pos < s.length() && s.charAt(pos) == '"') {
                int close = s.indexOf('"', pos + 1);
                if (close < 0) {
                    return "unterminated string starting at " + pos;
                }
                p = AtParam.quoted(s.substring(pos + 1, close));
                pos = close + 1;
                skipSpaces();
            } else {
                StringBuilder bare = new StringBuilder();
                while (pos < s.length()) {
                    char c = s.charAt(pos);
                    if (c == ',' || c == ';') {
                        break;
                    }
                    if (c == '"') {
                        return "quote inside an unquoted parameter at " + pos;
                    }
                    if (c != ' ') {
                        bare.append(c);
                    }
                    pos++;
                }
                p = AtParam.bare(bare.toString());
            }
            params.add(p);
            if (pos >= s.length() || s.charAt(pos) == ';') {
                return null;
            }
            if (s.charAt(pos) != ',') {
                return "unexpected '" + printable(s.charAt(pos)) + "' after a parameter at " + pos;
            }
            pos++;
        }
    }

    private String basic() {
        char c = Character.toUpperCase(s.charAt(pos++));
        if (c == 'S') {
            return sRegister();
        }
        out.add(AtCommand.basic(String.valueOf(c), digits()));
        return null;
    }

    private String ampersand() {
        pos++;
        if (pos >= s.length() || !isLetter(s.charAt(pos))) {
            return "'&' without a command letter at " + (pos - 1);
        }
        char c = Character.toUpperCase(s.charAt(pos++));
        out.add(AtCommand.basic("&" + c, digits()));
        return null;
    }

    /** {@code Sn?} reads register n, {@code Sn=v} sets it (V.250 §6.2.1). */
    private String sRegister() {
        String n = digits();
        if (n.isEmpty()) {
            return "S without a register number at " + (pos - 1);
        }
        skipSpaces();
        if (pos < s.length() && s.charAt(pos) == '?') {
            pos++;
            out.add(new AtCommand("S" + n, CommandType.READ, List.of(), n));
            return null;
        }
        if (pos < s.length() && s.charAt(pos) == '=') {
            pos++;
            skipSpaces();
            if (pos < s.length() && s.charAt(pos) == '?') {
                pos++;
                out.add(new AtCommand("S" + n, CommandType.TEST, List.of(), n));
                return null;
            }
            String v = digits();
            out.add(new AtCommand("S" + n, CommandType.SET, List.of(AtParam.bare(v)), n));
            return null;
        }
        return "S" + n + " without '?' or '='";
    }

    private String digits() {
        int start = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private String endOfCommand() {
        skipSpaces();
        if (pos >= s.length() || s.charAt(pos) == ';') {
            return null;
        }
        return "unexpected '" + printable(s.charAt(pos)) + "' at " + pos;
    }

    private void skipSpaces() {
        while (pos < s.length() && s.charAt(pos) == ' ') {
            pos++;
        }
    }

    private static boolean isLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** V.250 §5.4.1: name characters after the prefix. */
    private static boolean isNameChar(char c) {
        return isLetter(c) || (c >= '0' && c <= '9') || c == '!' || c == '%' || c == '-' || c == '.'
                || c == '/' || c == ':' || c == '_';
    }

    private static String printable(char c) {
        return c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c);
    }
}
