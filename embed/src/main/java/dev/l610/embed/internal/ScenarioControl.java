package dev.l610.embed.internal;

import dev.l610.embed.VirtualL610;
import dev.l610.embed.scenario.Scenario;
import dev.l610.embed.scenario.ScenarioException;
import dev.l610.embed.scenario.ScenarioResult;
import dev.l610.embed.scenario.ScenarioRun;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The control API's scenario resource (docs/scenarios.md):
 * <ul>
 *   <li>{@code POST /scenario} with a scenario file (YAML) as the body: starts it now, ending the one
 *       running; 400 with the file's line for a bad one;</li>
 *   <li>{@code GET /scenario}: the progress of the running (or last) scenario: each expectation, each step;</li>
 *   <li>{@code DELETE /scenario} or {@code POST /scenario/stop}: ends it; the final result.</li>
 * </ul>
 * 404 before any scenario was started. Answers on the caller's thread without blocking the modem's loop:
 * the run's state is read on the loop and handed back in a future.
 */
public final class ScenarioControl {

    private final VirtualL610 l610;

    public ScenarioControl(VirtualL610 l610) {
        this.l610 = l610;
    }

    /** An answer: HTTP status and a JSON body. */
    public record Reply(int status, String body) {
    }

    /** True for the paths this resource answers. */
    public static boolean handles(String path) {
        return path.equals("/scenario") || path.equals("/scenario/stop");
    }

    public CompletableFuture<Reply> route(FullHttpRequest req, String path, Query query) {
        HttpMethod m = req.method();
        query.only(path);
        if (path.equals("/scenario/stop")) {
            return m.equals(HttpMethod.POST) ? stop() : done(405, "use POST");
        }
        if (m.equals(HttpMethod.GET)) {
            ScenarioRun run = l610.scenario();
            return run == null ? none() : run.progress().thenApply(r -> ok(r, "progress"));
        }
        if (m.equals(HttpMethod.DELETE)) {
            if (!req.headers().contains(RequestGuard.HEADER)) {
                return done(403, "a DELETE needs the header '" + RequestGuard.HEADER + ": 1' (a guard against cross-site requests)");
            }
            return stop();
        }
        if (m.equals(HttpMethod.POST)) {
            String yaml = req.content().toString(StandardCharsets.UTF_8);
            if (yaml.isBlank()) {
                return done(400, "the body must be a scenario file (YAML); see docs/scenarios.md");
            }
            Scenario s;
            try {
                s = Scenario.parse(yaml, "body");
            } catch (ScenarioException e) {
                return done(400, e.getMessage());
            }
            return CompletableFuture.supplyAsync(() -> l610.startScenario(s), l610.modem().runtime().blocking())
                    .thenCompose(ScenarioRun::progress).thenApply(r -> ok(r, "started"));
        }
        return done(405, "use GET, POST or DELETE");
    }

    private CompletableFuture<Reply> stop() {
        if (l610.scenario() == null) {
            return none();
        }
        return CompletableFuture.supplyAsync(l610::stopScenario, l610.modem().runtime().blocking())
                .thenApply(r -> r == null ? new Reply(500, error("the scenario's result could not be read")) : ok(r, "stopped"));
    }

    private static Reply ok(ScenarioResult r, String what) {
        return new Reply(200, "{\"ok\":true,\"" + what + "\":true,\"result\":" + r.toJson() + "}\n");
    }

    private static CompletableFuture<Reply> none() {
        return done(404, "no scenario has been started (POST /scenario with a scenario file as the body)");
    }

    private static CompletableFuture<Reply> done(int status, String message) {
        return CompletableFuture.completedFuture(new Reply(status, error(message)));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static String error(String message) {
        try {
            return "{\"error\":" + JSON.writeValueAsString(message) + "}\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
