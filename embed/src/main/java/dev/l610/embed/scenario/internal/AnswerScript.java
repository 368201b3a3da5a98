package dev.l610.embed.scenario.internal;

import dev.l610.at.CmeError;
import dev.l610.at.FinalResult;
import dev.l610.embed.scenario.Scenario.Action;
import dev.l610.modem.AnswerHook;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The scenario's {@link AnswerHook}: answers waiting for their command, delays waiting for theirs, and
 * lines waiting to be put into the next answer. Used on the modem's loop only.
 */
final class AnswerScript implements AnswerHook {

    /** Bounds what a runaway {@code every} step can pile up. */
    static final int MAX_PENDING = 1024;

    private final ArrayDeque<Pending> answers = new ArrayDeque<>();
    private final ArrayDeque<Pending> delays = new ArrayDeque<>();
    private final ArrayDeque<String> injections = new ArrayDeque<>();
    /** Called with a URC to write and when (an answer's {@code urc}). */
    private final BiConsumer<String, Duration> urcLater;

    AnswerScript(BiConsumer<String, Duration> urcLater) {
        this.urcLater = urcLater;
    }

    private static final class Pending {
        final Pattern command;
        int left;
        final Action action;

        Pending(Pattern command, int left, Action action) {
            this.command = command;
            this.left = left;
            this.action = action;
        }

        boolean matches(String line) {
            return command == null || command.matcher(line).matches();
        }
    }

    void answer(Action.Answer a) {
        add(answers, new Pending(a.command(), a.times(), a));
    }

    void delay(Action.DelayAnswer d) {
        add(delays, new Pending(d.command(), d.times(), d));
    }

    void inject(String line) {
        if (injections.size() < MAX_PENDING) {
            injections.add(line);
        }
    }

    private static void add(ArrayDeque<Pending> q, Pending p) {
        if (q.size() < MAX_PENDING) {
            q.add(p);
        }
    }

    /** {@code OK}, {@code ERROR} or {@code +CME ERROR: <n>} with a code the modem knows. */
    static FinalResult finalResult(String r) {
        if (r.equals("OK")) {
            return FinalResult.OK;
        }
        if (r.equals("ERROR")) {
            return FinalResult.ERROR;
        }
        if (r.startsWith("+CME ERROR:")) {
            String n = r.substring("+CME ERROR:".length()).trim();
            try {
                CmeError e = CmeError.fromCode(Integer.parseInt(n));
                if (e != null) {
                    return FinalResult.cme(e);
                }
            } catch (NumberFormatException ignored) {
                // said below
            }
            throw new IllegalArgumentException("+CME ERROR: " + n + " is not a code the modem knows (known: "
                    + java.util.Arrays.stream(CmeError.values()).map(c -> Integer.toString(c.code())).reduce((x, y) -> x + ", " + y).orElse("")
                    + ")");
        }
        throw new IllegalArgumentException("a final result is OK, ERROR or +CME ERROR: <n>, was '" + r
                + "' (a line such as +MQTTOPEN: 1,0 goes in urc: or lines:)");
    }

    @Override
    public Scripted beforeLine(String line) {
        Pending a = take(answers, line);
        if (a != null) {
            Action.Answer x = (Action.Answer) a.action;
            if (x.urc() != null) {
                urcLater.accept(x.urc(), x.delay().plus(x.urcAfter()));
            }
            return new Scripted(x.delay(), x.lines(), finalResult(x.result()));
        }
        Pending d = take(delays, line);
        if (d != null) {
            return Scripted.delay(((Action.DelayAnswer) d.action).delay());
        }
        return null;
    }

    private static Pending take(ArrayDeque<Pending> q, String line) {
        for (Iterator<Pending> it = q.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.matches(line)) {
                if (--p.left == 0) {
                    it.remove();
                }
                return p;
            }
        }
        return null;
    }

    /** A waiting line goes after the first information line, or alone before the final result. */
    @Override
    public List<String> information(List<String> lines) {
        if (injections.isEmpty()) {
            return lines;
        }
        List<String> out = new ArrayList<>(lines.size() + injections.size());
        if (!lines.isEmpty()) {
            out.add(lines.get(0));
        }
        while (!injections.isEmpty()) {
            out.add(injections.poll());
        }
        if (lines.size() > 1) {
            out.addAll(lines.subList(1, lines.size()));
        }
        return out;
    }
}
