package dev.l610.embed.scenario;

import dev.l610.embed.scenario.internal.JunitReport;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where a scenario run is, or how it ended: each expectation's verdict with its reason, and how often
 * each step ran. {@link #passed()} once every expectation held.
 *
 * @param finished true once the run has ended (every expectation decided, or stopped)
 * @param elapsed  time since the run started (at the end: its length)
 */
public record ScenarioResult(String scenario, boolean finished, Duration elapsed, List<Check> checks, List<StepRun> steps) {

    public ScenarioResult {
        checks = List.copyOf(checks);
        steps = List.copyOf(steps);
    }

    /** An expectation's state. */
    public enum Status { PENDING, PASSED, FAILED }

    /**
     * One named expectation.
     *
     * @param at when it was decided (since the start), or null while pending
     * @param reason why it passed or failed ("seen at 3.2 s: AT+MQTTOPEN=1,...", "not seen within 30s"), or what it waits for
     */
    public record Check(String name, Status status, String reason, Duration at) {
    }

    /** How often a step ran, and when last (null: not yet). */
    public record StepRun(String name, int runs, Duration last) {
    }

    /** True when every expectation passed (and there is at least one). */
    public boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(c -> c.status() == Status.PASSED);
    }

    /** The expectations that failed. */
    public List<Check> failures() {
        return checks.stream().filter(c -> c.status() == Status.FAILED).toList();
    }

    /** A JUnit XML report: one testsuite named after the scenario, one testcase per expectation. */
    public String junitXml() {
        return JunitReport.xml(this);
    }

    public void writeJunit(Path file) throws IOException {
        java.nio.file.Files.writeString(file, junitXml(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** As JSON, for the control API. */
    public String toJson() {
        return JunitReport.json(this);
    }
}
