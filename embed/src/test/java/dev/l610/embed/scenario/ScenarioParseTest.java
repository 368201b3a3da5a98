package dev.l610.embed.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scenario files: what is read, and a clear error with the line for what is wrong. */
class ScenarioParseTest {

    private static void fails(String yaml, String message) {
        assertThatThrownBy(() -> Scenario.parse(yaml, "s.yaml")).isInstanceOf(ScenarioException.class).hasMessage(message);
    }

    @Test
    void readsStepsAndExpectations() {
        Scenario s = Scenario.parse("""
                name: outage
                steps:
                  - name: hole
                    at: 1.5s
                    fault: blackhole
                    with: {on: false}
                  - every: 5s
                    times: 2
                    urc: TICK
                  - on-event: mqtt-open 1
                    answer: '+CME ERROR: 702'
                expect:
                  - expect: 'AT\\+MQTTOPEN=1,.*'
                    within: 30s
                    count: 2
                """, "s.yaml");
        assertThat(s.name()).isEqualTo("outage");
        assertThat(s.steps()).hasSize(3);
        assertThat(s.steps().get(0).trigger()).isEqualTo(new Scenario.Trigger.At(Duration.ofMillis(1500)));
        assertThat(s.steps().get(0).action()).isEqualTo(new Scenario.Action.Fault("blackhole", java.util.Map.of("on", "false")));
        assertThat(s.steps().get(1).name()).isEqualTo("step 2");
        assertThat(s.steps().get(1).trigger()).isEqualTo(new Scenario.Trigger.Every(Duration.ofSeconds(5), Duration.ofSeconds(5), 2));
        assertThat(s.steps().get(2).trigger()).isEqualTo(new Scenario.Trigger.OnEvent("mqtt-open", 1, 1));
        Scenario.Expectation e = s.expectations().get(0);
        assertThat(e.name()).isEqualTo("expectation 1");
        assertThat(e.count()).isEqualTo(2);
        assertThat(e.within()).isEqualTo(Duration.ofSeconds(30));
        assertThat(e.pattern().matcher("AT+MQTTOPEN=1,\"h\",1883,1,60").matches()).isTrue();
    }

    @Test
    void errorsNameTheLineAndTheField() {
        fails("steps:\n  - at: 1s\n    fualt: blackhole\n",
                "s.yaml:3: unknown key 'fualt' in step 'step 1' (known: after, answer, at, delay, delay-answer, every, fault, "
                        + "in-answer, name, nth, on, on-event, on-modem, publish, raw, times, urc, with)");
        fails("steps:\n  - at: 1s\n    fault: melt\n",
                "s.yaml:3: step 'step 1': no such fault 'melt' (one of blackhole, broker-kill, context-drop, context-restore, deregister, "
                        + "power-cycle, radio-off, radio-on, register, shape, signal, sim, timing, udp)");
        fails("steps:\n  - at: soon\n    urc: X\n", "s.yaml:2: step 'step 1': at: a duration such as 10s, 250ms, 1.5s, 2m or 1h, was 'soon'");
        fails("expect:\n  - expect: 'AT+(('\n", "s.yaml:2: expectation 'expectation 1': expect: not a valid regular expression: "
                + "Unclosed group near index 5 of 'AT+((' (in YAML, quote patterns with single quotes: 'AT\\+CSQ')");
        fails("steps:\n  - after: nobody\n    urc: X\n", "s.yaml:2: after: no step is named 'nobody' (steps: step 1)");
        fails("steps:\n  - at: 1s\n    on: AT\n    urc: X\n",
                "s.yaml:2: step 'step 1': give one trigger: at, every (with an optional at), on, on-modem, on-event or after; has at, on");
        fails("steps:\n  - at: 1s\n    answer: '+MQTTOPEN: 1,0'\n", "s.yaml:3: step 'step 1': answer: a final result is OK, ERROR or "
                + "+CME ERROR: <n>, was '+MQTTOPEN: 1,0' (a line such as +MQTTOPEN: 1,0 goes in urc: or lines:)");
        fails("steps:\n  - at: 1s\n    fault: signal\n", "s.yaml:3: step 'step 1': fault signal needs with: {rssi: ...}");
        fails("steps:\n  - at: 1s\n    fault: blackhole\n    with: {on: maybe}\n", "s.yaml:3: step 'step 1': on must be true or false, was 'maybe'");
        notYaml("steps: [\n");
        notYaml("steps:\n  - at: 1s\n   urc: X\n  bad");
        fails("", "s.yaml:1: the file is empty");
        fails("expect:\n  - name: a\n    expect: x\n    after: b\n", "s.yaml:2: after: no expectation is named 'b'");
    }

    private static void notYaml(String yaml) {
        assertThatThrownBy(() -> Scenario.parse(yaml, "s.yaml")).isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("s.yaml:").hasMessageContaining(": not valid YAML: ")
                .satisfies(e -> assertThat(((ScenarioException) e).line()).isPositive());
    }
}
