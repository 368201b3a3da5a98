package dev.l610.embed.scenario.internal;

import dev.l610.embed.scenario.Scenario;
import dev.l610.embed.scenario.Scenario.Action;
import dev.l610.embed.scenario.Scenario.Expectation;
import dev.l610.embed.scenario.Scenario.Step;
import dev.l610.embed.scenario.Scenario.Trigger;
import dev.l610.embed.scenario.ScenarioException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Scenario files to {@link Scenario}: every key checked, every error with its line (docs/scenarios.md). */
public final class ScenarioParser {

    static final Set<String> TOP = Set.of("name", "description", "steps", "expect");
    static final Set<String> TRIGGERS = Set.of("at", "every", "on", "on-modem", "on-event", "after");
    static final Set<String> ACTIONS = Set.of("fault", "urc", "raw", "in-answer", "delay-answer", "answer", "publish");
    static final Set<String> STEP_OTHER = Set.of("name", "delay", "nth", "times", "with");
    static final Set<String> EVENTS = Set.of("mqtt-open", "mqtt-close", "mqtt-break", "publish-received", "sim-ready");
    static final Set<String> EXPECT = Set.of("name", "expect", "expect-not", "count", "within", "after");
    private static final Duration MAX_DURATION = Duration.ofDays(1);

    private final String source;

    private ScenarioParser(String source) {
        this.source = source;
    }

    public static Scenario parse(String yaml, String source) {
        return new ScenarioParser(source).scenario(YamlNode.parse(yaml, source));
    }

    private ScenarioException error(int line, String message) {
        return new ScenarioException(source, line, message);
    }

    private Scenario scenario(YamlNode root) {
        if (!root.isMap()) {
            throw error(root.line(), "a scenario is a map with 'name', 'steps' and 'expect'");
        }
        keys(root, TOP, "the scenario");
        String name = root.map().containsKey("name") ? text(root.map().get("name"), "name") : "scenario";
        List<Step> steps = new ArrayList<>();
        YamlNode s = root.map().get("steps");
        if (s != null && !s.isNull()) {
            if (!s.isList()) {
                throw error(s.line(), "'steps' is a list (each item starts with '- ')");
            }
            for (YamlNode n : s.list()) {
                steps.add(step(n, steps.size() + 1));
            }
        }
        List<Expectation> expectations = new ArrayList<>();
        YamlNode e = root.map().get("expect");
        if (e != null && !e.isNull()) {
            if (!e.isList()) {
                throw error(e.line(), "'expect' is a list (each item starts with '- ')");
            }
            for (YamlNode n : e.list()) {
                expectations.add(expectation(n, expectations.size() + 1));
            }
        }
        if (steps.isEmpty() && expectations.isEmpty()) {
            throw error(root.line(), "the scenario has neither 'steps' nor 'expect'");
        }
        checkNames(steps, expectations, s, e);
        return new Scenario(name, steps, expectations);
    }

    private void checkNames(List<Step> steps, List<Expectation> expectations, YamlNode s, YamlNode e) {
        Set<String> stepNames = new HashSet<>();
        for (Step st : steps) {
            if (!stepNames.add(st.name())) {
                throw error(st.line(), "two steps are named '" + st.name() + "'");
            }
        }
        for (Step st : steps) {
            if (st.trigger() instanceof Trigger.After a && !stepNames.contains(a.step())) {
                throw error(st.line(), "after: no step is named '" + a.step() + "' (steps: " + String.join(", ", stepNames) + ")");
            }
        }
        Set<String> names = new HashSet<>();
        for (Expectation x : expectations) {
            if (!names.add(x.name())) {
                throw error(x.line(), "two expectations are named '" + x.name() + "'");
            }
        }
        for (Expectation x : expectations) {
            if (x.after() != null) {
                if (!names.contains(x.after())) {
                    throw error(x.line(), "after: no expectation is named '" + x.after() + "'");
                }
                if (x.after().equals(x.name())) {
                    throw error(x.line(), "after: an expectation cannot come after itself");
                }
            }
        }
    }

    private void keys(YamlNode map, Set<String> allowed, String what) {
        for (String k : map.map().keySet()) {
            if (!allowed.contains(k)) {
                throw error(map.lineOf(k), "unknown key '" + k + "' in " + what + " (known: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private Step step(YamlNode n, int index) {
        if (!n.isMap()) {
            throw error(n.line(), "a step is a map: a trigger (at, every, on, on-modem, on-event, after) and an action "
                    + "(fault, urc, raw, in-answer, delay-answer, answer, publish)");
        }
        Set<String> all = new HashSet<>(TRIGGERS);
        all.addAll(ACTIONS);
        all.addAll(STEP_OTHER);
        Map<String, YamlNode> m = n.map();
        String name = m.containsKey("name") ? text(m.get("name"), "name") : "step " + index;
        String what = "step '" + name + "'";
        keys(n, all, what);
        List<String> triggers = m.keySet().stream().filter(TRIGGERS::contains).toList();
        List<String> actions = m.keySet().stream().filter(ACTIONS::contains).toList();
        if (triggers.isEmpty() || (triggers.size() > 1 && !(triggers.size() == 2 && triggers.containsAll(List.of("at", "every"))))) {
            throw error(n.line(), what + ": give one trigger: at, every (with an optional at), on, on-modem, on-event or after; has "
                    + (triggers.isEmpty() ? "none" : String.join(", ", triggers)));
        }
        if (actions.size() != 1) {
            throw error(n.line(), what + ": give one action: fault, urc, raw, in-answer, delay-answer, answer or publish; has "
                    + (actions.isEmpty() ? "none" : String.join(", ", actions)));
        }
        Trigger trigger = trigger(n, triggers, what);
        boolean hasNth = trigger instanceof Trigger.OnHost || trigger instanceof Trigger.OnModem || trigger instanceof Trigger.OnEvent;
        if (m.containsKey("nth") && !hasNth) {
            throw error(n.lineOf("nth"), what + ": nth goes with on, on-modem or on-event");
        }
        if (m.containsKey("times") && !(trigger instanceof Trigger.Every)) {
            throw error(n.lineOf("times"), what + ": times goes with every");
        }
        if (m.containsKey("with") && !actions.get(0).equals("fault")) {
            throw error(n.lineOf("with"), what + ": with goes with fault");
        }
        Duration delay = m.containsKey("delay") ? duration(m.get("delay"), what + ": delay") : Duration.ZERO;
        Pattern defaultCommand = trigger instanceof Trigger.OnHost h ? h.pattern() : null;
        Action action = action(n, actions.get(0), what, defaultCommand);
        return new Step(name, n.line(), trigger, delay, action);
    }

    private Trigger trigger(YamlNode n, List<String> keys, String what) {
        Map<String, YamlNode> m = n.map();
        int nth = m.containsKey("nth") ? integer(m.get("nth"), what + ": nth", 1, 1_000_000) : 1;
        if (keys.contains("every")) {
            Duration period = duration(m.get("every"), what + ": every");
            if (period.isZero()) {
                throw error(n.lineOf("every"), what + ": every must be longer than 0 s");
            }
            Duration first = m.containsKey("at") ? duration(m.get("at"), what + ": at") : period;
            int times = m.containsKey("times") ? integer(m.get("times"), what + ": times", 1, 1_000_000) : 0;
            return new Trigger.Every(period, first, times);
        }
        String k = keys.get(0);
        YamlNode v = m.get(k);
        return switch (k) {
            case "at" -> new Trigger.At(duration(v, what + ": at"));
            case "on" -> new Trigger.OnHost(pattern(v, what + ": on"), nth);
            case "on-modem" -> new Trigger.OnModem(pattern(v, what + ": on-modem"), nth);
            case "on-event" -> event(v, what, nth);
            case "after" -> new Trigger.After(text(v, what + ": after"));
            default -> throw new AssertionError(k);
        };
    }

    private Trigger.OnEvent event(YamlNode v, String what, int nth) {
        String[] parts = text(v, what + ": on-event").trim().split("\\s+");
        if (parts.length > 2 || !EVENTS.contains(parts[0])) {
            throw error(v.line(), what + ": on-event is one of " + String.join(", ", new java.util.TreeSet<>(EVENTS))
                    + ", optionally followed by a client id (mqtt-open 1), was '" + v.scalar() + "'");
        }
        Integer client = null;
        if (parts.length == 2) {
            try {
                client = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw error(v.line(), what + ": on-event: the client id must be a number, was '" + parts[1] + "'");
            }
        }
        if ("sim-ready".equals(parts[0]) && client != null) {
            throw error(v.line(), what + ": sim-ready has no client id");
        }
        return new Trigger.OnEvent(parts[0], client, nth);
    }

    private Action action(YamlNode n, String k, String what, Pattern defaultCommand) {
        Map<String, YamlNode> m = n.map();
        YamlNode v = m.get(k);
        String w = what + ": " + k;
        return switch (k) {
            case "fault" -> fault(v, m.get("with"), what);
            case "urc" -> new Action.Urc(line(v, w));
            case "raw" -> new Action.Raw(unescape(text(v, w), v.line(), w));
            case "in-answer" -> new Action.InAnswer(line(v, w));
            case "delay-answer" -> delayAnswer(v, w, defaultCommand);
            case "answer" -> answer(v, w, defaultCommand);
            case "publish" -> publish(v, w);
            default -> throw new AssertionError(k);
        };
    }

    private Action fault(YamlNode v, YamlNode with, String what) {
        String name = text(v, what + ": fault");
        Map<String, String> args = new LinkedHashMap<>();
        if (with != null && !with.isNull()) {
            if (!with.isMap()) {
                throw error(with.line(), what + ": with is a map of the fault's arguments, e.g. {on: false}");
            }
            for (var e : with.map().entrySet()) {
                args.put(e.getKey(), text(e.getValue(), what + ": with: " + e.getKey()));
            }
        }
        try {
            FaultAction.check(name, args);
        } catch (IllegalArgumentException e) {
            throw error(v.line(), what + ": " + e.getMessage());
        }
        return new Action.Fault(name, Map.copyOf(args));
    }

    private Action delayAnswer(YamlNode v, String w, Pattern defaultCommand) {
        if (!v.isMap()) {
            return new Action.DelayAnswer(duration(v, w), defaultCommand, 1);
        }
        keys(v, Set.of("by", "command", "times"), w);
        YamlNode by = v.map().get("by");
        if (by == null) {
            throw error(v.line(), w + ": 'by' (how long) is required");
        }
        Pattern command = v.map().containsKey("command") ? pattern(v.map().get("command"), w + ": command") : defaultCommand;
        int times = v.map().containsKey("times") ? integer(v.map().get("times"), w + ": times", 1, 1_000_000) : 1;
        return new Action.DelayAnswer(duration(by, w + ": by"), command, times);
    }

    private Action answer(YamlNode v, String w, Pattern defaultCommand) {
        if (!v.isMap()) {
            return new Action.Answer(defaultCommand, List.of(), result(v, w), Duration.ZERO, null, Duration.ZERO, 1);
        }
        keys(v, Set.of("result", "lines", "delay", "urc", "urc-after", "command", "times"), w);
        Map<String, YamlNode> m = v.map();
        List<String> lines = new ArrayList<>();
        YamlNode l = m.get("lines");
        if (l != null && !l.isNull()) {
            if (l.isList()) {
                for (YamlNode x : l.list()) {
                    lines.add(line(x, w + ": lines"));
                }
            } else {
                lines.add(line(l, w + ": lines"));
            }
        }
        String result = m.containsKey("result") ? result(m.get("result"), w + ": result") : "OK";
        Duration delay = m.containsKey("delay") ? duration(m.get("delay"), w + ": delay") : Duration.ZERO;
        String urc = m.containsKey("urc") ? line(m.get("urc"), w + ": urc") : null;
        if (m.containsKey("urc-after") && urc == null) {
            throw error(v.lineOf("urc-after"), w + ": urc-after goes with urc");
        }
        Duration urcAfter = m.containsKey("urc-after") ? duration(m.get("urc-after"), w + ": urc-after") : Duration.ZERO;
        Pattern command = m.containsKey("command") ? pattern(m.get("command"), w + ": command") : defaultCommand;
        int times = m.containsKey("times") ? integer(m.get("times"), w + ": times", 1, 1_000_000) : 1;
        return new Action.Answer(command, lines, result, delay, urc, urcAfter, times);
    }

    private String result(YamlNode v, String w) {
        String r = text(v, w).trim();
        try {
            AnswerScript.finalResult(r);
        } catch (IllegalArgumentException e) {
            throw error(v.line(), w + ": " + e.getMessage());
        }
        return r;
    }

    private Action publish(YamlNode v, String w) {
        if (!v.isMap()) {
            throw error(v.line(), w + " is a map: {topic: T, payload: P, qos: 0, retain: false}");
        }
        keys(v, Set.of("topic", "payload", "qos", "retain"), w);
        Map<String, YamlNode> m = v.map();
        if (!m.containsKey("topic")) {
            throw error(v.line(), w + ": 'topic' is required");
        }
        String topic = text(m.get("topic"), w + ": topic");
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            throw error(m.get("topic").line(), w + ": topic must be a topic name without wildcards, was '" + topic + "'");
        }
        String payload = m.containsKey("payload") ? text(m.get("payload"), w + ": payload") : "";
        int qos = m.containsKey("qos") ? integer(m.get("qos"), w + ": qos", 0, 2) : 0;
        boolean retain = m.containsKey("retain") && bool(m.get("retain"), w + ": retain");
        return new Action.Publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
    }

    private Expectation expectation(YamlNode n, int index) {
        if (!n.isMap()) {
            throw error(n.line(), "an expectation is a map: expect or expect-not (a pattern), with name, count, within, after");
        }
        Map<String, YamlNode> m = n.map();
        String name = m.containsKey("name") ? text(m.get("name"), "name") : "expectation " + index;
        String what = "expectation '" + name + "'";
        keys(n, EXPECT, what);
        boolean not = m.containsKey("expect-not");
        if (not == m.containsKey("expect")) {
            throw error(n.line(), what + ": give either expect or expect-not (a pattern of a host line)");
        }
        Pattern p = pattern(m.get(not ? "expect-not" : "expect"), what + ": " + (not ? "expect-not" : "expect"));
        if (not && m.containsKey("count")) {
            throw error(n.lineOf("count"), what + ": count goes with expect (expect-not means none)");
        }
        int count = m.containsKey("count") ? integer(m.get("count"), what + ": count", 1, 1_000_000) : 1;
        Duration within = m.containsKey("within") ? duration(m.get("within"), what + ": within") : null;
        String after = m.containsKey("after") ? text(m.get("after"), what + ": after") : null;
        return new Expectation(name, n.line(), p, not, count, within, after);
    }

    // --- scalars ---

    private String text(YamlNode v, String what) {
        if (v == null || !v.isScalar()) {
            throw error(v == null ? 0 : v.line(), what + " must be a text value");
        }
        return v.scalar();
    }

    /** A line the modem writes: printable, no CR or LF (the modem frames it). */
    private String line(YamlNode v, String what) {
        String s = text(v, what);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw error(v.line(), what + ": printable ASCII only (use raw for control bytes), was '" + s + "'");
            }
        }
        return s;
    }

    private Pattern pattern(YamlNode v, String what) {
        String s = text(v, what);
        try {
            return Pattern.compile(s);
        } catch (PatternSyntaxException e) {
            throw error(v.line(), what + ": not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex()
                    + " of '" + s + "' (in YAML, quote patterns with single quotes: 'AT\\+CSQ')");
        }
    }

    private int integer(YamlNode v, String what, int min, int max) {
        String s = text(v, what);
        try {
            int i = Integer.parseInt(s.trim());
            if (i < min || i > max) {
                throw error(v.line(), what + " must be " + min + ".." + max + ", was " + i);
            }
            return i;
        } catch (NumberFormatException e) {
            throw error(v.line(), what + " must be a whole number, was '" + s + "'");
        }
    }

    private boolean bool(YamlNode v, String what) {
        String s = text(v, what);
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(v.line(), what + " must be true or false, was '" + s + "'");
        };
    }

    private Duration duration(YamlNode v, String what) {
        String s = text(v, what);
        try {
            Duration d = Durations.parse(s);
            if (d.compareTo(MAX_DURATION) > 0) {
                throw error(v.line(), what + " must be at most a day, was " + s);
            }
            return d;
        } catch (IllegalArgumentException e) {
            if (e instanceof ScenarioException se) {
                throw se;
            }
            throw error(v.line(), what + ": " + e.getMessage());
        }
    }

    /** {@code \r}, {@code \n}, {@code \t}, {@code \\} and {@code \xNN}; other characters as ISO-8859-1 bytes. */
    private byte[] unescape(String s, int line, String what) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                if (c > 0xff) {
                    throw error(line, what + ": one byte per character (use \\xNN), was '" + c + "'");
                }
                b.write(c);
                continue;
            }
            if (i + 1 == s.length()) {
                throw error(line, what + ": a lone \\ at the end (write \\\\ for a backslash)");
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'r' -> b.write('\r');
                case 'n' -> b.write('\n');
                case 't' -> b.write('\t');
                case '\\' -> b.write('\\');
                case 'x' -> {
                    try {
                        b.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    } catch (NumberFormatException | StringIndexOutOfBoundsException ex) {
                        throw error(line, what + ": \\x needs two hex digits");
                    }
                    i += 2;
                }
                default -> throw error(line, what + ": unknown escape \\" + e + " (known: \\r \\n \\t \\\\ \\xNN)");
            }
        }
        if (b.size() == 0) {
            throw error(line, what + " is empty");
        }
        return b.toByteArray();
    }
}
