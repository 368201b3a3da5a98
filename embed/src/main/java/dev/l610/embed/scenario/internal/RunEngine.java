package dev.l610.embed.scenario.internal;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.embed.scenario.Scenario;
import dev.l610.embed.scenario.Scenario.Action;
import dev.l610.embed.scenario.Scenario.Expectation;
import dev.l610.embed.scenario.Scenario.Step;
import dev.l610.embed.scenario.Scenario.Trigger;
import dev.l610.embed.scenario.ScenarioResult;
import dev.l610.modem.LineTap;
import dev.l610.modem.VirtualModem;
import io.netty.channel.EventLoop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scenario running on one modem. Every field is touched on the modem's event loop only: the line
 * tap (host and modem bytes), the timers (the loop's {@code schedule}) and the answer hook all run there,
 * so there is no lock and no thread of its own.
 */
public final class RunEngine implements LineTap {

    private static final Pattern OPEN = Pattern.compile("\\+MQTTOPEN: (\\d+),1");
    private static final Pattern CLOSE = Pattern.compile("\\+MQTTCLOSE: (\\d+),1");
    private static final Pattern BREAK = Pattern.compile("\\+MQTTBREAK: (\\d+),\\d+");
    private static final Pattern MESSAGE = Pattern.compile("\\+MQTTMSGI?: (\\d+),.*");
    private static final String SIM_READY = "+SIM READY";

    private final Scenario scenario;
    private final VirtualModem modem;
    private final EventLoop loop;
    private final EmbeddedBroker broker;
    private final Consumer<String> log;
    private final AnswerScript script;
    private final LineSplitter hostLines = new LineSplitter(this::hostLine);
    private final LineSplitter modemLines = new LineSplitter(this::modemLine);
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private final int[] matched;
    private final int[] runs;
    private final long[] lastRun;
    private final X[] checks;
    private final CompletableFuture<ScenarioResult> decided = new CompletableFuture<>();
    private long start;
    private long seq;
    private boolean stopped;
    private long stoppedAt;
    /** The modem wrote the data prompt: host bytes until its next write are a data block, not a line. */
    private boolean dataBlock;
    private boolean promptSeen;

    /** An expectation's state. */
    private static final class X {
        final Expectation e;
        ScenarioResult.Status status = ScenarioResult.Status.PENDING;
        boolean active;
        long activeAfterSeq;
        int seen;
        String reason;
        long decidedAt;

        X(Expectation e) {
            this.e = e;
        }
    }

    public RunEngine(Scenario scenario, VirtualModem modem, EmbeddedBroker broker, Consumer<String> log) {
        this.scenario = scenario;
        this.modem = modem;
        this.loop = modem.executor();
        this.broker = broker;
        this.log = log == null ? s -> { } : log;
        this.script = new AnswerScript(this::urcLater);
        int n = scenario.steps().size();
        matched = new int[n];
        runs = new int[n];
        lastRun = new long[n];
        checks = new X[scenario.expectations().size()];
        for (int i = 0; i < checks.length; i++) {
            checks[i] = new X(scenario.expectations().get(i));
        }
    }

    /** Starts the run; the time triggers count from now. */
    public void start() {
        loop.execute(() -> {
            start = System.nanoTime();
            modem.addTap(this);
            modem.answerHook(script);
            for (int i = 0; i < scenario.steps().size(); i++) {
                Step s = scenario.steps().get(i);
                int index = i;
                if (s.trigger() instanceof Trigger.At a) {
                    later(a.time(), () -> fire(index));
                } else if (s.trigger() instanceof Trigger.Every e) {
                    every(index, e, e.first(), 0);
                }
            }
            for (X x : checks) {
                if (x.e.after() == null) {
                    activate(x);
                }
            }
            log.accept("scenario '" + scenario.name() + "' started: " + scenario.steps().size() + " step(s), "
                    + checks.length + " expectation(s)");
            checkDecided();
        });
    }

    /** Completes when every expectation is decided (never when there is none, until stopped). */
    public CompletableFuture<ScenarioResult> decided() {
        return decided;
    }

    /** Ends the run: what is undecided is decided as at the end, timers are cancelled, the hooks removed. */
    public ScenarioResult stopOnLoop() {
        if (!stopped) {
            stopped = true;
            stoppedAt = System.nanoTime();
            eventNanos = stoppedAt;
            timers.forEach(t -> t.cancel(false));
            timers.clear();
            modem.removeTap(this);
            modem.answerHook(null);
            for (X x : checks) {
                if (x.status != ScenarioResult.Status.PENDING) {
                    continue;
                }
                if (!x.active) {
                    decide(x, false, "never started: '" + x.e.after() + "' had not held by the end");
                } else if (x.e.not()) {
                    decide(x, true, "not seen by the end");
                } else {
                    decide(x, false, "not seen by the end" + (x.e.count() > 1 ? " (" + x.seen + " of " + x.e.count() + " times)" : ""));
                }
            }
            log.accept("scenario '" + scenario.name() + "' ended" + (checks.length == 0 ? "" : result().passed() ? ": passed" : ": FAILED"));
            decided.complete(result());
        }
        return result();
    }

    public ScenarioResult result() {
        long now = stopped ? stoppedAt : System.nanoTime();
        List<ScenarioResult.Check> cs = new ArrayList<>();
        for (X x : checks) {
            cs.add(new ScenarioResult.Check(x.e.name(), x.status, x.reason != null ? x.reason : waiting(x),
                    x.status == ScenarioResult.Status.PENDING ? null : since(x.decidedAt)));
        }
        List<ScenarioResult.StepRun> ss = new ArrayList<>();
        for (int i = 0; i < runs.length; i++) {
            ss.add(new ScenarioResult.StepRun(scenario.steps().get(i).name(), runs[i], runs[i] == 0 ? null : since(lastRun[i])));
        }
        return new ScenarioResult(scenario.name(), stopped, start == 0 ? Duration.ZERO : since(now), cs, ss);
    }

    private String waiting(X x) {
        if (!x.active) {
            return "waits for '" + x.e.after() + "'";
        }
        return (x.e.not() ? "not seen so far" : "seen " + x.seen + " of " + x.e.count() + " times so far")
                + (x.e.within() == null ? "" : " (window " + Durations.format(x.e.within()) + ")");
    }

    private Duration since(long nanos) {
        return Duration.ofNanos(Math.max(0, nanos - start));
    }

    /** When the event being handled happened: the line, the timer (one reading for its reason and its verdict). */
    private long eventNanos;

    private String now() {
        return JunitReport.seconds(since(eventNanos)).replaceAll("0+$", "").replaceAll("\\.$", "") + " s";
    }

    // --- the line ---

    @Override
    public void fromHost(byte[] data, int off, int len) {
        if (stopped) {
            return;
        }
        if (dataBlock) {
            return; // the data block of +MQTTPUB / +MQTTWILL: not a command line
        }
        hostLines.feed(data, off, len);
    }

    @Override
    public void toHost(byte[] data) {
        if (stopped) {
            return;
        }
        dataBlock = false;
        promptSeen = false;
        modemLines.feed(data, 0, data.length);
        if (promptSeen) {
            dataBlock = true;
            hostLines.reset();
        }
    }

    private void hostLine(String line) {
        eventNanos = System.nanoTime();
        seq++;
        for (int i = 0; i < scenario.steps().size(); i++) {
            if (scenario.steps().get(i).trigger() instanceof Trigger.OnHost h && h.pattern().matcher(line).matches()
                    && ++matched[i] == h.nth()) {
                fire(i);
            }
        }
        long thisLine = seq;
        for (X x : checks) {
            if (x.status != ScenarioResult.Status.PENDING || !x.active || x.activeAfterSeq >= thisLine
                    || !x.e.pattern().matcher(line).matches()) {
                continue;
            }
            if (x.e.not()) {
                decide(x, false, "seen at " + now() + ": " + line);
            } else if (++x.seen >= x.e.count()) {
                decide(x, true, "seen at " + now() + ": " + line + (x.e.count() > 1 ? " (" + x.seen + " times)" : ""));
            }
        }
    }

    private void modemLine(String line) {
        if (line.equals(">")) {
            promptSeen = true;
        }
        String event = null;
        Integer client = null;
        Matcher m;
        if ((m = OPEN.matcher(line)).matches()) {
            event = "mqtt-open";
        } else if ((m = CLOSE.matcher(line)).matches()) {
            event = "mqtt-close";
        } else if ((m = BREAK.matcher(line)).matches()) {
            event = "mqtt-break";
        } else if ((m = MESSAGE.matcher(line)).matches()) {
            event = "publish-received";
        } else if (line.equals(SIM_READY)) {
            event = "sim-ready";
            m = null;
        }
        if (event != null && m != null) {
            client = Integer.valueOf(m.group(1));
        }
        for (int i = 0; i < scenario.steps().size(); i++) {
            Trigger t = scenario.steps().get(i).trigger();
            if (t instanceof Trigger.OnModem om && om.pattern().matcher(line).matches() && ++matched[i] == om.nth()) {
                fire(i);
            } else if (event != null && t instanceof Trigger.OnEvent oe && oe.event().equals(event)
                    && (oe.client() == null || oe.client().equals(client)) && ++matched[i] == oe.nth()) {
                fire(i);
            }
        }
    }

    // --- steps ---

    private void later(Duration d, Runnable r) {
        if (stopped) {
            return;
        }
        if (timers.size() > 4096) {
            timers.removeIf(java.util.concurrent.Future::isDone);
        }
        timers.add(loop.schedule(() -> {
            if (!stopped) {
                r.run();
            }
        }, d.toNanos(), TimeUnit.NANOSECONDS));
    }

    private void every(int index, Trigger.Every e, Duration wait, int done) {
        later(wait, () -> {
            fire(index);
            if (e.times() == 0 || done + 1 < e.times()) {
                every(index, e, e.period(), done + 1);
            }
        });
    }

    private void fire(int index) {
        Step s = scenario.steps().get(index);
        if (s.delay().isZero()) {
            run(index);
        } else {
            later(s.delay(), () -> run(index));
        }
    }

    private void run(int index) {
        Step s = scenario.steps().get(index);
        runs[index]++;
        lastRun[index] = System.nanoTime();
        eventNanos = lastRun[index];
        log.accept("step '" + s.name() + "' at " + now() + ": " + describe(s.action()));
        try {
            act(s);
        } catch (RuntimeException e) {
            log.accept("step '" + s.name() + "' failed: " + e.getMessage());
        }
        for (int i = 0; i < scenario.steps().size(); i++) {
            if (scenario.steps().get(i).trigger() instanceof Trigger.After a && a.step().equals(s.name())) {
                fire(i);
            }
        }
    }

    private void act(Step s) {
        Action a = s.action();
        if (a instanceof Action.Fault f) {
            FaultAction.run(modem.faults(), f.fault(), f.args()).whenComplete((r, e) -> {
                if (e != null) {
                    log.accept("step '" + s.name() + "': fault " + f.fault() + " failed: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
                } else if (Boolean.FALSE.equals(r)) {
                    log.accept("step '" + s.name() + "': fault " + f.fault() + " had nothing to do (client not open)");
                }
            });
        } else if (a instanceof Action.Urc u) {
            modem.urc(u.line());
        } else if (a instanceof Action.Raw r) {
            modem.writeRaw(r.bytes());
        } else if (a instanceof Action.InAnswer ia) {
            script.inject(ia.line());
        } else if (a instanceof Action.DelayAnswer d) {
            script.delay(d);
        } else if (a instanceof Action.Answer an) {
            script.answer(an);
        } else if (a instanceof Action.Publish p) {
            if (broker == null) {
                log.accept("step '" + s.name() + "': publish needs the embedded broker, and there is none");
                return;
            }
            try {
                modem.runtime().blocking().execute(() -> {
                    try {
                        broker.publish(p.topic(), p.payload(), p.qos(), p.retain());
                    } catch (RuntimeException e) {
                        loop.execute(() -> log.accept("step '" + s.name() + "': publish failed: " + e.getMessage()));
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                log.accept("step '" + s.name() + "': publish not sent: too much blocking work queued");
            }
        }
    }

    private void urcLater(String line, Duration after) {
        if (after.isZero()) {
            loop.execute(() -> modem.urc(line));
        } else {
            later(after, () -> modem.urc(line));
        }
    }

    static String describe(Action a) {
        if (a instanceof Action.Fault f) {
            return "fault " + f.fault() + (f.args().isEmpty() ? "" : " " + f.args());
        } else if (a instanceof Action.Urc u) {
            return "urc " + u.line();
        } else if (a instanceof Action.Raw r) {
            return "raw " + r.bytes().length + " byte(s)";
        } else if (a instanceof Action.InAnswer ia) {
            return "in-answer " + ia.line();
        } else if (a instanceof Action.DelayAnswer d) {
            return "delay-answer " + Durations.format(d.delay()) + (d.command() == null ? "" : " for " + d.command());
        } else if (a instanceof Action.Answer an) {
            return "answer " + an.result() + (an.command() == null ? "" : " for " + an.command());
        } else if (a instanceof Action.Publish p) {
            return "publish " + p.topic();
        }
        return a.toString();
    }

    // --- expectations ---

    private void activate(X x) {
        x.active = true;
        x.activeAfterSeq = seq;
        if (x.e.within() != null) {
            later(x.e.within(), () -> {
                if (x.status != ScenarioResult.Status.PENDING) {
                    return;
                }
                eventNanos = System.nanoTime();
                String w = Durations.format(x.e.within());
                if (x.e.not()) {
                    decide(x, true, "not seen within " + w);
                } else {
                    decide(x, false, (x.seen == 0 ? "not seen" : "seen " + x.seen + " of " + x.e.count() + " times") + " within " + w);
                }
            });
        }
    }

    private void decide(X x, boolean passed, String reason) {
        x.status = passed ? ScenarioResult.Status.PASSED : ScenarioResult.Status.FAILED;
        x.reason = reason;
        x.decidedAt = stopped ? stoppedAt : eventNanos;
        if (!stopped) {
            log.accept("expectation '" + x.e.name() + "' " + (passed ? "passed" : "FAILED") + ": " + reason);
        }
        for (X d : checks) {
            if (x.e.name().equals(d.e.after()) && d.status == ScenarioResult.Status.PENDING && !d.active) {
                if (passed) {
                    activate(d);
                } else {
                    decide(d, false, "'" + x.e.name() + "' did not hold");
                }
            }
        }
        checkDecided();
    }

    private void checkDecided() {
        if (stopped || checks.length == 0) {
            return;
        }
        for (X x : checks) {
            if (x.status == ScenarioResult.Status.PENDING) {
                return;
            }
        }
        stopOnLoop();
    }
}
