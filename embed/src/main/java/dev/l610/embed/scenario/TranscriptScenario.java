package dev.l610.embed.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.l610.embed.scenario.internal.Durations;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded session becomes a regression test: the host's command lines of a transcript (the format
 * {@code --transcript} writes: {@code <instant> >> <escaped bytes>} and {@code <<} for the modem) as
 * ordered expectations, each {@code after} the one before, each {@code within} the gap observed in the
 * session times {@code factor} plus {@code slack}. Data blocks after a {@code >} prompt are left out;
 * a masked password ({@code "***"}) matches any password.
 */
public final class TranscriptScenario {

    /** Most host lines turned into expectations. */
    public static final int MAX_LINES = 10_000;

    private TranscriptScenario() {
    }

    /** One host line of the transcript and when it was sent. */
    public record HostLine(Instant at, String line, int transcriptLine) {
    }

    /** The host's command lines of a transcript, in order. */
    public static List<HostLine> hostLines(List<String> transcript, String source) {
        List<HostLine> out = new ArrayList<>();
        boolean dataBlock = false;
        Instant first = null;
        int n = 0;
        for (String entry : transcript) {
            n++;
            if (entry.isBlank()) {
                continue;
            }
            int sp = entry.indexOf(' ');
            if (sp < 0 || entry.length() < sp + 4) {
                throw new ScenarioException(source, n, "not a transcript entry ('<time> >> bytes' or '<time> << bytes'): " + cut(entry));
            }
            Instant at;
            try {
                at = Instant.parse(entry.substring(0, sp));
            } catch (DateTimeParseException e) {
                throw new ScenarioException(source, n, "not a transcript entry: the time '" + cut(entry.substring(0, sp)) + "' is not an instant");
            }
            if (first == null) {
                first = at;
            }
            String dir = entry.substring(sp + 1, sp + 3);
            String text = unescape(entry.substring(Math.min(entry.length(), sp + 4)), source, n);
            if (dir.equals("<<")) {
                dataBlock = text.endsWith(">\r\n") || text.endsWith(">\n") || text.endsWith("> ");
                continue;
            }
            if (!dir.equals(">>")) {
                throw new ScenarioException(source, n, "not a transcript entry: '" + dir + "' is neither >> nor <<");
            }
            if (dataBlock) {
                continue; // the payload of +MQTTPUB / +MQTTWILL
            }
            for (String l : text.split("[\r\n]+")) {
                if (!l.isBlank()) {
                    if (out.size() == MAX_LINES) {
                        throw new ScenarioException(source, n, "more than " + MAX_LINES + " host lines");
                    }
                    out.add(new HostLine(at, l, n));
                }
            }
        }
        if (out.isEmpty()) {
            throw new ScenarioException(source, 0, "no host line ('>>' entry) in the transcript");
        }
        if (first != null) {
            out.add(0, new HostLine(first, null, 0)); // the start of the session: the first entry
        }
        return out;
    }

    /**
     * The scenario as YAML text.
     *
     * @param factor how many times the observed gap a line may take (e.g. 2)
     * @param slack  added to every window (e.g. 5 s), for a slower machine
     */
    public static String yaml(String name, List<HostLine> lines, double factor, Duration slack, String comment) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("name", name);
        ArrayNode expect = root.putArray("expect");
        Instant prev = lines.get(0).line() == null ? lines.get(0).at() : null;
        String prevName = null;
        int i = 0;
        for (HostLine h : lines) {
            if (h.line() == null) {
                continue;
            }
            i++;
            String n = String.format("%03d %s", i, h.line().length() > 60 ? h.line().substring(0, 57) + "..." : h.line());
            ObjectNode x = expect.addObject();
            x.put("name", n);
            x.put("expect", regex(h.line()));
            if (prevName != null) {
                x.put("after", prevName);
            }
            Duration gap = prev == null ? Duration.ZERO : Duration.between(prev, h.at());
            if (gap.isNegative()) {
                gap = Duration.ZERO;
            }
            Duration within = Duration.ofMillis((long) Math.ceil(gap.toMillis() * factor)).plus(slack);
            within = Duration.ofSeconds((within.toMillis() + 999) / 1000); // whole seconds read better
            x.put("within", Durations.format(within.isZero() ? Duration.ofSeconds(1) : within));
            prev = h.at();
            prevName = n;
        }
        try {
            YAMLMapper m = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();
            String body = m.writeValueAsString(root);
            return comment == null ? body : "# " + comment.replace("\n", "\n# ") + "\n" + body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The line as a regular expression that matches it alone; a masked password matches any. */
    static String regex(String line) {
        StringBuilder b = new StringBuilder();
        String masked = "\"***\"";
        for (int i = 0; i < line.length(); i++) {
            if (line.startsWith(masked, i)) {
                b.append("\"[^\"]*\"");
                i += masked.length() - 1;
                continue;
            }
            char c = line.charAt(i);
            if ("\\.[]{}()*+?^$|".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** The transcript's escapes back to characters: {@code \r}, {@code \n}, {@code \\}, {@code \xNN}. */
    static String unescape(String s, String source, int n) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'r' -> b.append('\r');
                case 'n' -> b.append('\n');
                case '\\' -> b.append('\\');
                case 'x' -> {
                    try {
                        b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                        i += 2;
                    } catch (NumberFormatException | StringIndexOutOfBoundsException ex) {
                        throw new ScenarioException(source, n, "bad \\x escape in the transcript");
                    }
                }
                default -> b.append('\\').append(e);
            }
        }
        return b.toString();
    }

    private static String cut(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
