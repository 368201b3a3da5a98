package dev.l610.embed.scenario;

import dev.l610.embed.scenario.internal.ScenarioParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A scenario file, parsed (docs/scenarios.md): steps, each a trigger and an action, and named
 * expectations on the lines the host sends. Immutable; run it with {@link ScenarioRun}, or give it to
 * {@code VirtualL610.builder().scenario(...)}.
 * <pre>{@code
 * name: reconnects after an outage
 * steps:
 *   - name: outage
 *     on: 'AT\+MQTTSUB=.*'
 *     delay: 2s
 *     fault: blackhole
 * expect:
 *   - name: reopens
 *     expect: 'AT\+MQTTOPEN=1,.*'
 *     count: 2
 *     within: 120s
 * }</pre>
 */
public record Scenario(String name, List<Step> steps, List<Expectation> expectations) {

    /** Largest scenario file read. */
    public static final int MAX_BYTES = 1024 * 1024;

    public Scenario {
        steps = List.copyOf(steps);
        expectations = List.copyOf(expectations);
    }

    /** Parses a scenario; {@code source} names it in errors (a file name). */
    public static Scenario parse(String yaml, String source) {
        if (yaml.length() > MAX_BYTES) {
            throw new ScenarioException(source, 0, "larger than " + MAX_BYTES + " bytes");
        }
        return ScenarioParser.parse(yaml, source);
    }

    /** Reads and parses a scenario file. */
    public static Scenario load(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ScenarioException(file.toString(), 0, "larger than " + MAX_BYTES + " bytes");
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ScenarioException(file.toString(), 0, "no such file");
        } catch (IOException e) {
            throw new ScenarioException(file.toString(), 0, "cannot read it: " + e.getMessage());
        }
    }

    /** A duration as scenario files write it: {@code 10s}, {@code 250ms}, {@code 1.5s}, {@code 2m}, {@code 1h} (a bare number: seconds). */
    public static Duration parseDuration(String text) {
        return dev.l610.embed.scenario.internal.Durations.parse(text);
    }

    /** One step: when {@code trigger} fires (and {@code delay} has passed), {@code action} runs. */
    public record Step(String name, int line, Trigger trigger, Duration delay, Action action) {
    }

    /** When a step runs. */
    public sealed interface Trigger {
        /** {@code at: 10s}: once, that long after the scenario started. */
        record At(Duration time) implements Trigger {
        }

        /** {@code every: 5s} (first at {@code at:} when given, else after one period), {@code times} times (0: no end). */
        record Every(Duration period, Duration first, int times) implements Trigger {
        }

        /** {@code on: REGEX}: once, at the {@code nth} host line that matches (the whole line). */
        record OnHost(Pattern pattern, int nth) implements Trigger {
        }

        /** {@code on-modem: REGEX}: once, at the {@code nth} line the modem writes that matches. */
        record OnModem(Pattern pattern, int nth) implements Trigger {
        }

        /** {@code on-event: mqtt-open 1}: once, at the {@code nth} such modem event (client id null: any). */
        record OnEvent(String event, Integer client, int nth) implements Trigger {
        }

        /** {@code after: STEP}: each time the named step has run. */
        record After(String step) implements Trigger {
        }
    }

    /** What a step does. */
    public sealed interface Action {
        /** {@code fault: NAME} with {@code with:} arguments, as the control API's {@code POST /faults/NAME}. */
        record Fault(String fault, Map<String, String> args) implements Action {
        }

        /** {@code urc: LINE}: an unsolicited line, framed as the modem frames its URCs. */
        record Urc(String line) implements Action {
        }

        /** {@code raw: BYTES}: bytes to the host as they are, at once ({@code \r}, {@code \n}, {@code \xNN} escapes). */
        record Raw(byte[] bytes) implements Action {
        }

        /** {@code in-answer: LINE}: put among the information lines of the next answer (before its final result). */
        record InAnswer(String line) implements Action {
        }

        /** {@code delay-answer: 3s}: the next {@code times} command lines matching {@code command} wait that long. */
        record DelayAnswer(Duration delay, Pattern command, int times) implements Action {
        }

        /**
         * {@code answer:}: the next {@code times} command lines matching {@code command} are not run; the host
         * gets {@code lines} and {@code result} after {@code delay}, then {@code urc} after {@code urcAfter}.
         */
        record Answer(Pattern command, List<String> lines, String result, Duration delay, String urc, Duration urcAfter,
                      int times) implements Action {
        }

        /** {@code publish:}: a message through the embedded broker to whoever subscribed (the modem's +MQTTMSG). */
        record Publish(String topic, byte[] payload, int qos, boolean retain) implements Action {
        }
    }

    /**
     * A named check on the host's lines. {@code expect}: the pattern is seen {@code count} times (at least)
     * within {@code within} (null: by the end of the run); {@code expect-not} ({@code not}): never seen
     * within it. The window starts at the start, or when the expectation {@code after} held.
     */
    public record Expectation(String name, int line, Pattern pattern, boolean not, int count, Duration within, String after) {
    }
}
