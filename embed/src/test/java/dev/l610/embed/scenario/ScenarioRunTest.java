package dev.l610.embed.scenario;

import dev.l610.embed.VirtualL610;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each trigger and action kind through the real byte stream: a host on the TCP line, the embedded broker,
 * the scenario running on the modem's loop.
 */
class ScenarioRunTest {

    private VirtualL610 l610;
    private ScenarioHost host;
    private final List<String> log = new CopyOnWriteArrayList<>();

    private ScenarioHost start(String yaml) throws IOException {
        l610 = VirtualL610.builder().noGateway().scenario(Scenario.parse(yaml, "test.yaml")).scenarioLog(log::add).start();
        host = new ScenarioHost(l610);
        host.command("ATE0", "OK\r\n");
        return host;
    }

    @AfterEach
    void stop() throws IOException {
        if (host != null) {
            host.close();
        }
        if (l610 != null) {
            l610.close();
        }
    }

    private String open() throws IOException {
        return host.command("AT+MQTTOPEN=1,\"127.0.0.1\"," + l610.brokerAddress().getPort() + ",1,60", "+MQTTOPEN: 1,1\r\n");
    }

    @Test
    void atTimeInjectsAUrc() throws IOException {
        start("steps:\n  - at: 100ms\n    urc: '+CPIN: NOT READY'\n");
        assertThat(host.readUntil("+CPIN: NOT READY\r\n")).endsWith("\r\n+CPIN: NOT READY\r\n");
    }

    @Test
    void onTheNthHostLineAnswersInsteadOnce() throws IOException {
        start("""
                steps:
                  - on: 'AT\\+CSQ'
                    nth: 2
                    answer:
                      lines: ['+CSQ: 5,99']
                      result: '+CME ERROR: 702'
                """);
        assertThat(host.command("AT+CSQ", "OK\r\n")).isEqualTo("\r\n+CSQ: 31,99\r\n\r\nOK\r\n");
        assertThat(host.command("AT+CSQ", "702\r\n")).isEqualTo("\r\n+CSQ: 5,99\r\n\r\n+CME ERROR: 702\r\n");
        assertThat(host.command("AT+CSQ", "OK\r\n")).isEqualTo("\r\n+CSQ: 31,99\r\n\r\nOK\r\n");
    }

    @Test
    void aLineInsideTheNextAnswer() throws IOException {
        start("steps:\n  - on: 'AT\\+CGSN'\n    in-answer: RDY\n");
        assertThat(host.command("AT+CGSN", "OK\r\n")).isEqualTo("\r\n" + l610.modem().config().imei() + "\r\nRDY\r\n\r\nOK\r\n");
        assertThat(host.command("AT+CGSN", "OK\r\n")).isEqualTo("\r\n" + l610.modem().config().imei() + "\r\n\r\nOK\r\n");
    }

    @Test
    void rawBytesAsTheyAre() throws IOException {
        start("steps:\n  - on: 'AT'\n    raw: 'R\\x44Y\\r\\n'\n");
        // the raw bytes go out when the step runs, before the line itself is answered
        assertThat(host.command("AT", "OK\r\n")).isEqualTo("RDY\r\n\r\nOK\r\n");
    }

    @Test
    void aDelayedAnswerComesAfterWhatWasDueMeanwhile() throws IOException {
        // both timers are on the modem's loop: the 100 ms raw bytes always come before the 2 s answer
        start("""
                steps:
                  - name: slow
                    on: 'AT\\+CGMR'
                    delay-answer: 2s
                  - name: meanwhile
                    after: slow
                    delay: 100ms
                    raw: 'MARK\\r\\n'
                """);
        assertThat(host.command("AT+CGMR", "OK\r\n")).startsWith("MARK\r\n").contains(l610.modem().config().firmware());
    }

    @Test
    void anAnswerInsteadOfOpeningThenTheUrcLater() throws IOException {
        start("""
                steps:
                  - on: 'AT\\+MQTTOPEN=.*'
                    answer: {result: OK, urc: '+MQTTOPEN: 1,0', urc-after: 300ms}
                """);
        String got = host.command("AT+MQTTOPEN=1,\"127.0.0.1\"," + l610.brokerAddress().getPort() + ",1,60", "+MQTTOPEN: 1,0\r\n");
        assertThat(got).isEqualTo("\r\nOK\r\n\r\n+MQTTOPEN: 1,0\r\n");
        assertThat(host.command("AT+MQTTOPEN?", "OK\r\n")).contains("+MQTTOPEN: 1"); // never opened: still idle
    }

    @Test
    void onEventsAfterStepsAndABrokerKill() throws IOException {
        start("""
                steps:
                  - name: kill
                    on-event: mqtt-open 1
                    fault: broker-kill
                    with: {client: 1}
                  - name: note
                    after: kill
                    urc: KILLED
                  - name: broken
                    on-event: mqtt-break 1
                    urc: NOTICED
                """);
        open();
        String got = host.readUntil("NOTICED\r\n");
        assertThat(got).contains("KILLED\r\n").contains("+MQTTBREAK: 1,1\r\n");
    }

    @Test
    void publishThroughTheBrokerOnAModemLine() throws IOException {
        start("""
                steps:
                  - on-modem: '\\+MQTTSUB: 1,1'
                    publish: {topic: s/in, payload: hello, qos: 1}
                """);
        open();
        host.command("AT+MQTTSUB=1,\"s/#\",1", "+MQTTSUB: 1,1\r\n");
        assertThat(host.readUntil("\"hello\"\r\n")).endsWith("+MQTTMSG: 1,1,\"s/in\",\"hello\"\r\n");
    }

    @Test
    void everyRepeatsTimesOver() throws IOException {
        start("steps:\n  - name: tick\n    every: 50ms\n    times: 3\n    urc: TICK\n");
        host.readUntil("TICK\r\n");
        host.readUntil("TICK\r\n");
        host.readUntil("TICK\r\n");
        ScenarioResult r = l610.scenario().progress().join();
        assertThat(r.steps()).singleElement().satisfies(s -> assertThat(s.runs()).isEqualTo(3));
    }

    @Test
    void faultsSimPowerCycleTimingBlackhole() throws IOException {
        start("""
                steps:
                  - name: no-sim
                    on: 'AT\\+CGMR'
                    fault: sim
                    with: {state: absent}
                  - name: slow
                    after: no-sim
                    fault: timing
                    with: {profile: nbiot}
                  - name: hole
                    after: slow
                    fault: blackhole
                """);
        host.command("AT+CGMR", "OK\r\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> l610.faults().pathState().join().blackhole());
        assertThat(host.command("AT+CPIN?", "\r\n+CME ERROR: 10\r\n")).endsWith("\r\n+CME ERROR: 10\r\n");
        assertThat(l610.modem().timing().name()).isEqualTo("nbiot");
    }

    @Test
    void powerCycleOnAHostLine() throws IOException {
        start("steps:\n  - on: 'AT\\+CFUN\\?'\n    delay: 10ms\n    fault: power-cycle\n");
        host.command("AT+CFUN?", "OK\r\n");
        assertThat(host.readUntil("+SIM READY\r\n")).endsWith("\r\n+SIM READY\r\n");
        // settings are back to power-up: the echo is on again
        assertThat(host.command("AT", "OK\r\n")).isEqualTo("AT\r\r\nOK\r\n");
    }

    @Test
    void expectationsPassFailInOrderWithCountsAndWindows() throws IOException {
        start("""
                name: checks
                expect:
                  - name: first
                    expect: 'AT\\+CSQ'
                  - name: then-twice
                    expect: 'AT\\+CGSN'
                    after: first
                    count: 2
                  - name: no-reset
                    expect-not: 'AT\\+CFUN=1,1'
                    within: 200ms
                  - name: never-sent
                    expect: 'AT\\+MQTTCLOSE=.*'
                    within: 200ms
                  - name: bad-order
                    expect: 'AT\\+CSQ'
                    after: then-twice
                """);
        host.command("AT+CGSN", "OK\r\n"); // before 'first': does not count for then-twice
        host.command("AT+CSQ", "OK\r\n");
        host.command("AT+CGSN", "OK\r\n");
        host.command("AT+CGSN", "OK\r\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> l610.scenario().progress().join().checks().stream()
                .filter(c -> c.status() != ScenarioResult.Status.PENDING).count() == 4);
        ScenarioResult r = l610.scenario().stop().join();
        assertThat(r.finished()).isTrue();
        assertThat(r.passed()).isFalse();
        assertThat(r.checks()).extracting(ScenarioResult.Check::name, ScenarioResult.Check::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("first", ScenarioResult.Status.PASSED),
                org.assertj.core.groups.Tuple.tuple("then-twice", ScenarioResult.Status.PASSED),
                org.assertj.core.groups.Tuple.tuple("no-reset", ScenarioResult.Status.PASSED),
                org.assertj.core.groups.Tuple.tuple("never-sent", ScenarioResult.Status.FAILED),
                org.assertj.core.groups.Tuple.tuple("bad-order", ScenarioResult.Status.FAILED));
        assertThat(r.checks().get(3).reason()).isEqualTo("not seen within 200ms");
        assertThat(r.checks().get(4).reason()).isEqualTo("not seen by the end");
        assertThat(r.junitXml()).contains("<testcase classname=\"scenario.checks\" name=\"never-sent\"")
                .contains("<failure message=\"not seen within 200ms\"");
    }

    @Test
    void expectNotFailsWhenSeenAndTheRunEndsWhenAllAreDecided() throws IOException {
        start("""
                expect:
                  - name: opened
                    expect: 'AT\\+MQTTOPEN=1,.*'
                    within: 30s
                  - name: no-close
                    expect-not: 'AT\\+MQTTCLOSE=1'
                    after: opened
                    within: 30s
                """);
        open();
        host.command("AT+MQTTCLOSE=1", "+MQTTCLOSE: 1,1\r\n");
        ScenarioResult r = l610.scenario().done().join();
        assertThat(r.finished()).isTrue();
        assertThat(r.failures()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("no-close");
            assertThat(c.reason()).startsWith("seen at ").endsWith(": AT+MQTTCLOSE=1");
        });
    }

    @Test
    void theDataBlockOfAPublishIsNotALine() throws IOException {
        start("expect:\n  - name: no-payload-line\n    expect-not: 'AT\\+X.*'\n  - name: pub\n    expect: 'AT\\+MQTTPUB=.*'\n");
        open();
        host.command("AT+MQTTPUB=1,\"t\",0,0,4", ">\r\n");
        host.send("AT+X");
        host.readUntil("+MQTTPUB: 1,1\r\n");
        ScenarioResult r = l610.scenario().stop().join();
        assertThat(r.passed()).as(r.toString()).isTrue();
    }

    @Test
    void aReceivedPublishTriggersAScriptedAnswerForSomeCommandsOnly() throws IOException {
        start("""
                steps:
                  - name: news
                    on-modem: '\\+MQTTSUB: 1,1'
                    publish: {topic: n/x, payload: one}
                  - name: got-it
                    on-event: publish-received 1
                    answer: {command: 'AT\\+CSQ', lines: ['+CSQ: 99,99'], times: 2}
                  - name: slow-model
                    after: got-it
                    delay-answer: {by: 50ms, command: 'AT\\+CGMM'}
                """);
        open();
        host.command("AT+MQTTSUB=1,\"n/#\",0", "+MQTTSUB: 1,1\r\n");
        host.readUntil("+MQTTMSG: 1,0,\"n/x\",\"one\"\r\n");
        assertThat(host.command("AT+CGMR", "OK\r\n")).doesNotContain("99,99"); // not a command the answer is for
        assertThat(host.command("AT+CSQ", "OK\r\n")).isEqualTo("\r\n+CSQ: 99,99\r\n\r\nOK\r\n");
        assertThat(host.command("AT+CGMM", "OK\r\n")).contains("L610"); // delayed, then run as usual
        assertThat(host.command("AT+CSQ", "OK\r\n")).isEqualTo("\r\n+CSQ: 99,99\r\n\r\nOK\r\n");
        assertThat(host.command("AT+CSQ", "OK\r\n")).isEqualTo("\r\n+CSQ: 31,99\r\n\r\nOK\r\n"); // times: 2 used up
    }

    @Test
    void aDelayedAnswerIsNeverWrittenAfterAReset() throws IOException {
        // all three timers are on the modem's loop: the reset (100 ms) comes before the delayed answer (1 s),
        // the marker (2 s) after the time the answer would have come
        start("""
                steps:
                  - name: slow
                    on: 'AT\\+CGMR'
                    delay-answer: 1s
                  - name: reset
                    after: slow
                    delay: 100ms
                    fault: power-cycle
                  - name: marker
                    after: slow
                    delay: 2s
                    raw: 'MARK\\r\\n'
                """);
        host.send("AT+CGMR\r");
        assertThat(host.readUntil("MARK\r\n")).isEqualTo("\r\n+SIM READY\r\nMARK\r\n");
    }

    @Test
    void everyWithAFirstTime() throws IOException {
        // started once the host is on the line and idle: an 'at: 0s' URC written before a host connects
        // (or read by the ATE0 exchange) is not on the line this test reads
        l610 = VirtualL610.builder().noGateway().scenarioLog(log::add).start();
        host = new ScenarioHost(l610);
        host.command("ATE0", "OK\r\n");
        l610.startScenario(Scenario.parse("steps:\n  - name: tick\n    at: 0s\n    every: 1h\n    urc: FIRST\n", "tick.yaml"));
        assertThat(host.readUntil("FIRST\r\n")).endsWith("\r\nFIRST\r\n");
    }
}
