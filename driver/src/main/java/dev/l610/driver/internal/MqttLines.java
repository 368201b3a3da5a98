package dev.l610.driver.internal;

import dev.l610.driver.MqttBreak;
import dev.l610.driver.MqttMessage;
import dev.l610.driver.MqttMessageInfo;
import dev.l610.driver.MqttTopic;
import dev.l610.driver.Qos;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MQTT lines of docs/at-reference.md §3, read tolerantly (blanks after commas and the colon, quoted or bare
 * topic). Payloads are written raw by the modem and may hold {@code "}, {@code ,}, CR or LF, so:
 * <ul>
 * <li>{@code +MQTTREAD} is cut with its {@code <tlength>} and {@code <plength>} fields, exactly;</li>
 * <li>{@code +MQTTMSG} has no lengths: the topic (printable, no {@code "}) ends at its closing quote and
 * the payload at the last {@code "} of the line; a CR or LF before that quote is payload.</li>
 * </ul>
 * Known limit: a +MQTTMSG payload holding {@code "} directly followed by CR or LF is cut there.
 * Use {@code AT+MQTTCONF=1} for such payloads.
 */
public final class MqttLines {

    static final String MSG = "+MQTTMSG:";
    static final String READ = "+MQTTREAD:";
    /** An incomplete-looking MQTT line longer than this is ended anyway (1500-byte payload, 255-byte topic). */
    static final int MAX_PAYLOAD_LINE = 2048;

    private static final Pattern OUTCOME = Pattern.compile(
            "\\+MQTT(OPEN|CLOSE|SUB|UNSUB|PUB)\\s*:\\s*(\\d{1,3})\\s*,\\s*(\\d)\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern TWO_INTS = Pattern.compile("\\s*(\\d{1,5})\\s*,\\s*(\\d{1,5})\\s*");
    private static final Pattern FOUR_INTS = Pattern.compile("\\s*(\\d{1,5})\\s*,\\s*(\\d)\\s*,\\s*(\\d{1,5})\\s*,\\s*(\\d{1,5})\\s*");

    /** An outcome URC {@code +MQTTOPEN: <id>,<status>}. */
    public record Outcome(String command, int clientId, int status) {
    }

    private MqttLines() {
    }

    /** Lines that are never information lines of a command. */
    public static boolean isAlwaysUrc(String line) {
        return AtFields.hasPrefix(line, "+MQTTMSG") || AtFields.hasPrefix(line, "+MQTTMSGI")
                || AtFields.hasPrefix(line, "+MQTTBREAK") || outcome(line) != null;
    }

    public static Outcome outcome(String line) {
        Matcher m = OUTCOME.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return new Outcome("+MQTT" + m.group(1).toUpperCase(Locale.ROOT), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    /** False when a CR or LF after {@code line} is payload, not the end of the line. */
    public static boolean isComplete(String line) {
        if (line.length() > MAX_PAYLOAD_LINE) {
            return true;
        }
        if (startsWith(line, MSG)) {
            Cursor c = new Cursor(line, MSG.length());
            int open = c.messageHead();
            return open < 0 || (line.length() - 1 > open && line.charAt(line.length() - 1) == '"');
        }
        if (startsWith(line, READ)) {
            Cursor c = new Cursor(line, READ.length());
            int[] head = c.readHead();
            if (head == null || !c.comma() || !c.topicThenComma(head[2])) {
                return true;
            }
            if (c.atEnd() || c.peek() != '"') {
                return true;
            }
            return line.length() > c.pos + 1 + head[3];
        }
        return true;
    }

    /** {@code +MQTTMSG: <id>,<qos>,"<topic>"|<topic id>,"<payload>"}, or null when malformed. */
    public static MqttMessage message(String line) {
        if (!startsWith(line, MSG)) {
            return null;
        }
        Cursor c = new Cursor(line, MSG.length());
        int open = c.messageHead();
        if (open < 0 || c.qos == null) {
            return null;
        }
        int close = line.lastIndexOf('"');
        String payload = close > open ? line.substring(open + 1, close) : line.substring(open + 1);
        return new MqttMessage(c.id, c.qos, c.topic, bytes(payload));
    }

    /**
     * {@code +MQTTREAD: <id>,<qos>,<tlength>,<plength>,"<topic>","<payload>"}: the message; empty for
     * {@code +MQTTREAD: <id>,0,0,0}; null when malformed.
     */
    public static Optional<MqttMessage> read(String line) {
        if (!startsWith(line, READ)) {
            return null;
        }
        Cursor c = new Cursor(line, READ.length());
        int[] head = c.readHead();
        if (head == null) {
            return null;
        }
        c.spaces();
        if (c.atEnd()) {
            return head[2] == 0 && head[3] == 0 ? Optional.empty() : null;
        }
        Qos qos = Qos.fromCode(head[1]);
        if (qos == null || !c.comma() || !c.topicThenComma(head[2]) || c.atEnd() || c.peek() != '"') {
            return null;
        }
        int open = c.pos;
        int end = open + 1 + head[3];
        String payload;
        if (end < line.length() && line.charAt(end) == '"') {
            payload = line.substring(open + 1, end);
        } else {
            int close = line.lastIndexOf('"');
            payload = close > open ? line.substring(open + 1, close) : line.substring(open + 1);
        }
        return Optional.of(new MqttMessage(head[0], qos, c.topic, bytes(payload)));
    }

    /** {@code +MQTTMSGI: <id>,<qos>,<tlength|topic id>,<plength>}, or null. */
    public static MqttMessageInfo messageInfo(String line) {
        if (!AtFields.hasPrefix(line, "+MQTTMSGI")) {
            return null;
        }
        Matcher m = FOUR_INTS.matcher(AtFields.afterPrefix(line));
        if (!m.matches() || Qos.fromCode(Integer.parseInt(m.group(2))) == null) {
            return null;
        }
        return new MqttMessageInfo(Integer.parseInt(m.group(1)), Qos.fromCode(Integer.parseInt(m.group(2))),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
    }

    /** {@code +MQTTBREAK: <id>,<cause>}, or null. */
    public static MqttBreak breakLine(String line) {
        if (!AtFields.hasPrefix(line, "+MQTTBREAK")) {
            return null;
        }
        Matcher m = TWO_INTS.matcher(AtFields.afterPrefix(line));
        return m.matches() ? new MqttBreak(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
    }

    static boolean startsWith(String line, String prefix) {
        return line.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads the fixed head of a line: numbers, commas, blanks, the topic. */
    private static final class Cursor {
        private final String s;
        private int pos;
        int id;
        Qos qos;
        MqttTopic topic;

        Cursor(String s, int pos) {
            this.s = s;
            this.pos = pos;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return s.charAt(pos);
        }

        void spaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        boolean comma() {
            spaces();
            if (atEnd() || peek() != ',') {
                return false;
            }
            pos++;
            spaces();
            return true;
        }

        int number() {
            spaces();
            int start = pos;
            while (pos < s.length() && pos - start < 6 && Character.isDigit(s.charAt(pos)) && s.charAt(pos) <= '9') {
                pos++;
            }
            return pos == start ? -1 : Integer.parseInt(s.substring(start, pos));
        }

        /** {@code <id>,<qos>,<topic>,} then returns the index of the payload's opening quote, or -1. */
        int messageHead() {
            id = number();
            if (id < 0 || !comma()) {
                return -1;
            }
            int q = number();
            qos = Qos.fromCode(q);
            if (q < 0 || !comma() || !topicThenComma(-1) || atEnd() || peek() != '"') {
                return -1;
            }
            return pos;
        }

        /** {@code <id>,<qos>,<tlength>,<plength>}, or null. */
        int[] readHead() {
            int[] h = new int[4];
            for (int i = 0; i < 4; i++) {
                if (i > 0 && !comma()) {
                    return null;
                }
                h[i] = number();
                if (h[i] < 0) {
                    return null;
                }
            }
            id = h[0];
            return h;
        }

        /**
         * After its comma: a quoted topic ({@code length} bytes when known, else up to the next quote) or a
         * bare topic id, then a comma. Leaves the cursor on the payload.
         */
        boolean topicThenComma(int length) {
            spaces();
            if (atEnd()) {
                return false;
            }
            if (peek() == '"') {
                int close = length >= 0 && pos + 1 + length < s.length() && s.charAt(pos + 1 + length) == '"'
                        ? pos + 1 + length : s.indexOf('"', pos + 1);
                if (close < 0) {
                    return false;
                }
                topic = new MqttTopic.Name(s.substring(pos + 1, close));
                pos = close + 1;
            } else {
                int n = number();
                if (n < 0 || n > 65535) {
                    return false;
                }
                topic = new MqttTopic.Id(n);
            }
            return comma();
        }
    }
}
