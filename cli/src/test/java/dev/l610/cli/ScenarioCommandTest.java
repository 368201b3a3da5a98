package dev.l610.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code l610 scenario run} and {@code from-transcript} in-process, with a real host program: a python3
 * script that talks AT over the TCP line it finds in L610_AT.
 */
class ScenarioCommandTest {

    /** Sends its command lines one by one, each after the answer to the one before; leaves out those given as arguments. */
    private static final String HOST = """
            import os, re, socket, sys
            host, port = os.environ["L610_AT"].rsplit(":", 1)
            skip = set(sys.argv[1:])
            s = socket.create_connection((host, int(port)), timeout=30)
            for line in ["ATE0", "AT+CSQ", "AT+CGSN", "AT+CGMR"]:
                if line in skip:
                    continue
                s.sendall(line.encode() + b"\\r")
                got = b""
                while not re.search(rb"(OK|ERROR|\\+CME ERROR: \\d+)\\r\\n$", got):
                    data = s.recv(4096)
                    if not data:
                        sys.exit("the line closed")
                    got += data
            s.close()
            """;

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private static Result l610(String... args) {
        CommandLine cl = L610.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private Path host() throws IOException {
        Path p = dir.resolve("host.py");
        Files.writeString(p, HOST);
        return p;
    }

    private Result run(Path scenario, Path report, String... skip) throws IOException {
        List<String> args = new ArrayList<>(List.of("scenario", "run", scenario.toString(), "--report", report.toString(),
                "--timeout", "60s", "--", "python3", host().toString()));
        args.addAll(List.of(skip));
        return l610(args.toArray(String[]::new));
    }

    @Test
    void aFailingExpectationExitsNonZeroWithAJunitReportNamingIt() throws IOException {
        Path s = dir.resolve("s.yaml");
        Files.writeString(s, """
                name: opens
                expect:
                  - name: asks-signal
                    expect: 'AT\\+CSQ'
                  - name: opens-mqtt
                    expect: 'AT\\+MQTTOPEN=1,.*'
                """);
        Path report = dir.resolve("junit.xml");
        Result r = run(s, report);
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("PASS asks-signal: seen at ").contains("FAIL opens-mqtt: not seen by the end")
                .contains("scenario 'opens' FAILED: 1 of 2 expectations");
        String xml = Files.readString(report);
        assertThat(xml).contains("<testsuite name=\"opens\" tests=\"2\" failures=\"1\"")
                .contains("<testcase classname=\"scenario.opens\" name=\"asks-signal\"")
                .contains("<testcase classname=\"scenario.opens\" name=\"opens-mqtt\"")
                .contains("<failure message=\"not seen by the end\"");
    }

    @Test
    void allHeldExitsZeroAsSoonAsAllAreDecided() throws IOException {
        Path s = dir.resolve("s.yaml");
        Files.writeString(s, """
                name: basics
                steps:
                  - on: 'AT\\+CGSN'
                    answer: '+CME ERROR: 702'
                expect:
                  - expect: 'AT\\+CGSN'
                  - expect: 'AT\\+CGMR'
                    after: expectation 1
                """);
        Result r = run(s, dir.resolve("junit.xml"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("step 'step 1' at ").contains("scenario 'basics' passed (2 expectations)");
    }

    @Test
    void aTranscriptBecomesAScenarioThatPassesForTheSameHostAndFailsForOneThatSkipsACommand() throws IOException {
        Path first = dir.resolve("first.yaml");
        Files.writeString(first, "expect:\n  - expect: 'AT\\+CGMR'\n");
        Path log = dir.resolve("session.log");
        Result recorded = l610("scenario", "run", first.toString(), "--transcript", log.toString(), "--", "python3", host().toString());
        assertThat(recorded.exit()).as(recorded.err()).isZero();

        Path regression = dir.resolve("regression.yaml");
        Result made = l610("scenario", "from-transcript", log.toString(), "-o", regression.toString(), "--slack", "60s");
        assertThat(made.exit()).as(made.err()).isZero();
        assertThat(made.err()).contains("wrote 4 expectations to " + regression);
        String yaml = Files.readString(regression);
        assertThat(yaml).contains("name: 001 ATE0").contains("expect: AT\\+CSQ").contains("after: 002 AT+CSQ").contains("within: ");

        Result same = run(regression, dir.resolve("same.xml"));
        assertThat(same.exit()).as(same.err()).isZero();

        Result skipping = run(regression, dir.resolve("skip.xml"), "AT+CGSN");
        assertThat(skipping.exit()).as(skipping.err()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("skip.xml"))).containsPattern("name=\"003 AT\\+CGSN\" time=\"[0-9.]+\"><failure message=\"not seen by the end\"")
                .containsPattern("name=\"004 AT\\+CGMR\" time=\"[0-9.]+\"><failure message=\"'003 AT\\+CGSN' did not hold\"")
                .contains("<testsuite name=\"session.log\" tests=\"4\" failures=\"2\"");
    }

    @Test
    void clearErrors() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "expect:\n  - expect: 'AT'\n    within: soon\n");
        Result r = l610("scenario", "run", bad.toString(), "--", "true");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("l610: " + bad + ":3: expectation 'expectation 1': within: a duration such as 10s, 250ms, "
                + "1.5s, 2m or 1h, was 'soon'" + System.lineSeparator());

        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, "expect:\n  - expect: 'AT'\n");
        Result noHost = l610("scenario", "run", ok.toString());
        assertThat(noHost.exit()).isEqualTo(2);
        assertThat(noHost.err()).startsWith("l610: give the host command after '--'");

        Result missingHost = l610("scenario", "run", ok.toString(), "--", dir.resolve("no-such-program").toString());
        assertThat(missingHost.exit()).isEqualTo(1);
        assertThat(missingHost.err()).contains("l610: cannot run the host command");

        Result noSubcommand = l610("scenario");
        assertThat(noSubcommand.exit()).isEqualTo(2);
        assertThat(noSubcommand.err()).isEqualTo("l610: missing subcommand: run or from-transcript" + System.lineSeparator()
                + "Try 'l610 scenario --help'." + System.lineSeparator());
        assertThat(l610("scenario", "run", "--help").out()).contains("L610_AT=HOST:PORT").contains("--report");

        Result notATranscript = l610("scenario", "from-transcript", ok.toString());
        assertThat(notATranscript.exit()).isEqualTo(1);
        assertThat(notATranscript.err()).startsWith("l610: " + ok + ":1: not a transcript entry");
    }

    /** The example of docs/scenarios.md, as a user pastes it: examples/scenarios/reconnect.yaml with its host.py. */
    @Test
    void theDocumentedExamplePasses() throws IOException {
        Path examples = Path.of("..", "examples", "scenarios");
        Path report = dir.resolve("junit.xml");
        Result r = l610("scenario", "run", examples.resolve("reconnect.yaml").toString(), "--report", report.toString(),
                "--", "python3", examples.resolve("host.py").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("PASS reopens-until-open: seen at ").contains("PASS no-reset: not seen by the end")
                .contains("step 'news' at ");
        assertThat(Files.readString(report)).contains("<testsuite name=\"reconnect\" tests=\"6\" failures=\"0\"");
    }

    /** The minimal scenario of docs/scenarios.md and its command, taken from the page as a new user would. */
    @Test
    void theMinimalScenarioOfTheDocsWorksWhenPasted() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "scenarios.md"));
        int at = doc.indexOf("A minimal scenario of your own");
        String yaml = doc.substring(doc.indexOf("```yaml\n", at) + 8, doc.indexOf("```\n", doc.indexOf("```yaml\n", at) + 8));
        int sh = doc.indexOf("```sh\n", at) + 6;
        String command = doc.substring(sh, doc.indexOf("\n", sh));
        assertThat(command).startsWith("./l610 scenario run my.yaml -- sh -c '");
        String script = command.substring(command.indexOf("sh -c '") + 7, command.lastIndexOf('\''));
        Path my = dir.resolve("my.yaml");
        Files.writeString(my, yaml);
        Result r = l610("scenario", "run", my.toString(), "--timeout", "60s", "--", "sh", "-c", script);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("PASS asks-for-signal: seen at ");
    }
}
