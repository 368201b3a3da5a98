package dev.l610.cli;

import dev.l610.embed.VirtualL610;
import dev.l610.embed.scenario.Scenario;
import dev.l610.embed.scenario.ScenarioResult;
import dev.l610.embed.scenario.TranscriptScenario;
import dev.l610.modem.ModemConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code l610 scenario}: run a scenario file against a host program; make one from a transcript. */
@Command(name = "scenario",
        mixinStandardHelpOptions = true,
        description = {
            "Scenario files (YAML, docs/scenarios.md): timed and triggered faults, scripted answers, injected lines, "
                    + "and named expectations on the lines the host sends.",
            "",
            "  l610 scenario run outage.yaml --report junit.xml -- python3 host.py {at}",
            "  l610 scenario from-transcript session.log -o regression.yaml",
            "",
            "'l610 serve --scenario FILE' runs one beside an interactive session."},
        subcommands = {ScenarioCommand.Run.class, ScenarioCommand.FromTranscript.class})
public final class ScenarioCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: run or from-transcript");
    }

    /** {@code l610 scenario run FILE -- HOST COMMAND}. */
    @Command(name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Starts the modem (TCP line and MQTT broker on free 127.0.0.1 ports), runs the scenario on it and the host "
                        + "command beside it, and ends when the host exits, when every expectation is decided, or at --timeout. "
                        + "Exit status 0 only when every expectation held (1: one failed; 2: usage).",
                "",
                "The host command gets the line's address in its environment (L610_AT=HOST:PORT, L610_AT_HOST, L610_AT_PORT, "
                        + "L610_PTY with --pty, L610_MQTT=HOST:PORT of the broker, L610_CONTROL with --control) and in its "
                        + "arguments: {at}, {at-host}, {at-port}, {pty}, {mqtt}, {mqtt-port} are replaced.",
                "",
                "  l610 scenario run outage.yaml --report junit.xml -- python3 host.py {at}"},
            sortOptions = false)
    static final class Run implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The scenario file (YAML).")
        Path file;

        @Parameters(index = "1..*", paramLabel = "HOST_COMMAND",
                description = "The host program and its arguments, after '--' (e.g. -- ./firmware-sim {pty}).")
        List<String> command = new ArrayList<>();

        @Option(names = "--report", paramLabel = "FILE", description = "Write a JUnit XML report: one testcase per expectation.")
        Path report;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "300s",
                description = "Stop the host and end the run after this long (default: ${DEFAULT-VALUE}); undecided expectations are "
                        + "decided then (an expect fails, an expect-not holds).")
        String timeout;

        @Option(names = "--listen", paramLabel = "HOST:PORT", converter = HostPort.Converter.class, defaultValue = "127.0.0.1:0",
                description = "TCP address of the serial line (default: ${DEFAULT-VALUE}, a free port).")
        HostPort listen;

        @Option(names = "--pty", paramLabel = "PATH", description = "Also offer the line as a pseudo-terminal at PATH (L610_PTY, {pty}).")
        Path pty;

        @Option(names = "--broker-port", paramLabel = "PORT", defaultValue = "0",
                description = "Port of the embedded MQTT broker (default: ${DEFAULT-VALUE}, a free one).")
        int brokerPort;

        @Option(names = "--no-broker", description = "Do not start the embedded broker (publish steps then do nothing).")
        boolean noBroker;

        @Option(names = "--control", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
                description = "Also start the control API on this loopback address (port 0: a free one; L610_CONTROL).")
        HostPort control;

        @Option(names = "--imei", paramLabel = "IMEI", description = "IMEI (default: " + ModemConfig.DEFAULT_IMEI + ").")
        String imei = ModemConfig.DEFAULT_IMEI;

        @Option(names = "--sim", paramLabel = "ready|absent|pin:PIN", defaultValue = "ready", description = "The SIM at power-up (default: ${DEFAULT-VALUE}).")
        String sim;

        @Option(names = "--timing", paramLabel = "instant|cat1|nbiot|FILE", defaultValue = "instant",
                description = "Timing profile (default: ${DEFAULT-VALUE}); see 'l610 serve --help'.")
        String timing;

        @Option(names = "--seed", paramLabel = "N", description = "Seed of the timing's and the radio path's random draws.")
        Long seed;

        @Option(names = "--transcript", paramLabel = "FILE", description = "Append a transcript of the serial line to FILE.")
        Path transcript;

        @Option(names = {"-q", "--quiet"}, description = "Print only the verdicts, not each step and decision as it happens.")
        boolean quiet;

        @Override
        public Integer call() throws Exception {
            java.time.Duration limit;
            try {
                limit = Scenario.parseDuration(timeout);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--timeout: " + e.getMessage());
            }
            if (command.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give the host command after '--' (e.g. -- python3 host.py {at})");
            }
            if (report != null && Errors.missingDirectory(report) != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--report " + report + ": " + Errors.missingDirectory(report));
            }
            Scenario scenario = Scenario.load(file);
            if (scenario.expectations().isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), file + " has no expectations: nothing to check "
                        + "(run it with 'l610 serve --scenario " + file + "')");
            }
            ModemConfig config;
            try {
                config = ModemConfig.builder().imei(imei).sim(dev.l610.modem.SimSetting.parse(sim))
                        .timing(dev.l610.modem.TimingProfile.of(timing)).seed(seed).build();
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter err = spec.commandLine().getErr();
            VirtualL610.Builder b = VirtualL610.builder().config(config).noGateway().listen(listen.socketAddress())
                    .brokerPort(noBroker ? -1 : brokerPort).scenario(scenario)
                    .scenarioLog(quiet ? null : line -> {
                        err.println("l610: " + line);
                        err.flush();
                    });
            if (control != null) {
                b.control(control.socketAddress());
            }
            if (pty != null) {
                b.pty(pty);
            }
            if (transcript != null) {
                b.transcript(transcript, false);
            }
            try (VirtualL610 l610 = b.start()) {
                Process host = startHost(l610, err);
                CompletableFuture<Object> end = CompletableFuture.anyOf(host.onExit(), l610.scenario().done());
                try {
                    end.get(limit.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    err.println("l610: --timeout " + timeout + " reached");
                }
                if (host.isAlive()) {
                    stop(host);
                } else {
                    err.println("l610: the host exited with status " + host.exitValue());
                }
                ScenarioResult r = l610.stopScenario();
                if (r == null) {
                    throw new IllegalStateException("the scenario's result could not be read");
                }
                print(r, err);
                if (report != null) {
                    r.writeJunit(report);
                }
                return r.passed() ? 0 : 1;
            }
        }

        private Process startHost(VirtualL610 l610, PrintWriter err) {
            Map<String, String> vars = new java.util.LinkedHashMap<>();
            var at = l610.atAddress();
            vars.put("at", HostPort.format(at));
            vars.put("at-host", at.getHostString());
            vars.put("at-port", Integer.toString(at.getPort()));
            vars.put("pty", l610.ptyPath() == null ? "" : l610.ptyPath().toString());
            vars.put("mqtt", l610.brokerAddress() == null ? "" : HostPort.format(l610.brokerAddress()));
            vars.put("mqtt-port", l610.brokerAddress() == null ? "" : Integer.toString(l610.brokerAddress().getPort()));
            List<String> args = new ArrayList<>();
            for (String a : command) {
                for (var v : vars.entrySet()) {
                    a = a.replace("{" + v.getKey() + "}", v.getValue());
                }
                args.add(a);
            }
            ProcessBuilder pb = new ProcessBuilder(args).inheritIO();
            pb.environment().put("L610_AT", vars.get("at"));
            pb.environment().put("L610_AT_HOST", vars.get("at-host"));
            pb.environment().put("L610_AT_PORT", vars.get("at-port"));
            if (l610.ptyPath() != null) {
                pb.environment().put("L610_PTY", vars.get("pty"));
            }
            if (l610.brokerAddress() != null) {
                pb.environment().put("L610_MQTT", vars.get("mqtt"));
            }
            if (l610.controlAddress() != null) {
                pb.environment().put("L610_CONTROL", HostPort.format(l610.controlAddress()));
            }
            err.println("l610: " + l610.readyLine() + "; running " + String.join(" ", args));
            err.flush();
            try {
                return pb.start();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot run the host command '" + args.get(0) + "': " + e.getMessage(), e);
            }
        }

        /** The host and what it started: asked to end, then killed. */
        private static void stop(Process host) throws InterruptedException {
            host.descendants().forEach(ProcessHandle::destroy);
            host.destroy();
            if (!host.waitFor(5, TimeUnit.SECONDS)) {
                host.descendants().forEach(ProcessHandle::destroyForcibly);
                host.destroyForcibly();
                host.waitFor(5, TimeUnit.SECONDS);
            }
        }

        private static void print(ScenarioResult r, PrintWriter err) {
            for (ScenarioResult.Check c : r.checks()) {
                err.println((c.status() == ScenarioResult.Status.PASSED ? "PASS " : "FAIL ") + c.name() + ": " + c.reason());
            }
            err.println(r.passed() ? "l610: scenario '" + r.scenario() + "' passed (" + r.checks().size() + " expectations)"
                    : "l610: scenario '" + r.scenario() + "' FAILED: " + r.failures().size() + " of " + r.checks().size() + " expectations");
            err.flush();
        }
    }

    /** {@code l610 scenario from-transcript FILE [-o OUT]}. */
    @Command(name = "from-transcript",
            mixinStandardHelpOptions = true,
            description = {
                "Writes the host's command lines of a transcript (serve --transcript FILE) as a scenario of ordered expectations, "
                        + "each within the gap seen in the session times --factor plus --slack: a session that worked once "
                        + "becomes a regression test for the next firmware build. Data blocks after a '>' prompt are left out; "
                        + "a masked password (\"***\") matches any.",
                "",
                "  l610 scenario from-transcript session.log -o regression.yaml"},
            sortOptions = false)
    static final class FromTranscript implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The transcript.")
        Path file;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the scenario to FILE (default: stdout).")
        Path output;

        @Option(names = "--name", paramLabel = "NAME", description = "The scenario's name (default: the transcript's file name).")
        String name;

        @Option(names = "--factor", paramLabel = "X", defaultValue = "2",
                description = "Each line may take this many times the gap seen in the session (default: ${DEFAULT-VALUE}).")
        double factor;

        @Option(names = "--slack", paramLabel = "DURATION", defaultValue = "5s",
                description = "Added to every window, for a slower machine (default: ${DEFAULT-VALUE}).")
        String slack;

        @Override
        public Integer call() throws Exception {
            if (!(factor >= 1 && factor <= 1000)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--factor must be 1..1000, was " + factor);
            }
            java.time.Duration extra;
            try {
                extra = Scenario.parseDuration(slack);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--slack: " + e.getMessage());
            }
            if (output != null && Errors.missingDirectory(output) != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--output " + output + ": " + Errors.missingDirectory(output));
            }
            if (Files.size(file) > 64L * 1024 * 1024) {
                throw new IllegalArgumentException(file + ": larger than 64 MiB");
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            var host = TranscriptScenario.hostLines(lines, file.toString());
            String n = name != null ? name : file.getFileName().toString();
            String yaml = TranscriptScenario.yaml(n, host, factor, extra,
                    "made by l610 scenario from-transcript " + file.getFileName() + ": the host's lines of that session, in order.\n"
                            + "Run it with: l610 scenario run THIS_FILE --report junit.xml -- <your host command>");
            Scenario.parse(yaml, "the written scenario"); // what is written can be read
            if (output == null) {
                spec.commandLine().getOut().print(yaml);
                spec.commandLine().getOut().flush();
            } else {
                Files.writeString(output, yaml, StandardCharsets.UTF_8);
                spec.commandLine().getErr().println("l610: wrote " + (host.size() - 1) + " expectations to " + output);
                spec.commandLine().getErr().flush();
            }
            return 0;
        }
    }
}
