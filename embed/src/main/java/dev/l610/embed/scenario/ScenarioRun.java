package dev.l610.embed.scenario;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.embed.scenario.internal.RunEngine;
import dev.l610.modem.VirtualModem;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link Scenario} running on one modem: its steps fire on the modem's own event loop (timers, the
 * line tap, the answer hook), its expectations watch the lines the host sends. The run ends by itself
 * once every expectation is decided, or when {@link #stop()}ped; what is still undecided then is decided
 * as at the end (an {@code expect} fails, an {@code expect-not} holds).
 * <pre>{@code
 * try (VirtualL610 l610 = VirtualL610.builder().scenario(Path.of("outage.yaml")).start()) {
 *     runYourHost(l610.atAddress());
 *     ScenarioResult r = l610.scenario().stop().join();
 *     assertTrue(r.passed(), r.failures().toString());
 * }
 * }</pre>
 */
public final class ScenarioRun {

    private final Scenario scenario;
    private final VirtualModem modem;
    private final RunEngine engine;
    private volatile ScenarioResult last;

    private ScenarioRun(Scenario scenario, VirtualModem modem, EmbeddedBroker broker, Consumer<String> log) {
        this.scenario = scenario;
        this.modem = modem;
        this.engine = new RunEngine(scenario, modem, broker, log);
        engine.decided().thenAccept(r -> last = r);
    }

    /**
     * Starts {@code scenario} on {@code modem}; times count from now.
     *
     * @param broker where {@code publish} steps publish (null: they are logged as not possible)
     * @param log    gets one line per step run and per decision, on the modem's loop (null: none)
     */
    public static ScenarioRun start(Scenario scenario, VirtualModem modem, EmbeddedBroker broker, Consumer<String> log) {
        ScenarioRun r = new ScenarioRun(scenario, modem, broker, log);
        r.engine.start();
        return r;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Completes when every expectation is decided, or the run is stopped. */
    public CompletableFuture<ScenarioResult> done() {
        return engine.decided();
    }

    /** Where the run is now. */
    public CompletableFuture<ScenarioResult> progress() {
        ScenarioResult r = last;
        if (r != null) {
            return CompletableFuture.completedFuture(r);
        }
        return call(engine::result);
    }

    /** Ends the run (if still going) and completes with the final result. */
    public CompletableFuture<ScenarioResult> stop() {
        ScenarioResult r = last;
        if (r != null) {
            return CompletableFuture.completedFuture(r);
        }
        return call(() -> {
            ScenarioResult x = engine.stopOnLoop();
            last = x;
            return x;
        });
    }

    private CompletableFuture<ScenarioResult> call(java.util.function.Supplier<ScenarioResult> s) {
        try {
            return modem.call(m -> s.get());
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the modem has stopped"));
        }
    }
}
