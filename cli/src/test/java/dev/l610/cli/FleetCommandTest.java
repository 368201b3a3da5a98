package dev.l610.cli;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.fleet.FleetOptions;
import dev.l610.fleet.FleetReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code l610 fleet} and {@code l610 report merge} in-process, against the embedded broker. */
class FleetCommandTest {

    static EmbeddedBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.startEphemeral();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(Map<String, String> env, String... args) {
        CommandLine cl = L610.commandLine();
        if (env != null) {
            cl.getSubcommands().get("fleet").<FleetCommand>getCommand().env = env;
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Result(cl.execute(args), out.toString(), err.toString());
    }

    private static Path behaviour(Path dir) throws Exception {
        Path b = dir.resolve("b.yaml");
        Files.writeString(b, """
                publish: {topic: "c/{imei}/up", qos: 1, every: 100ms, count: 3}
                ramp: {rate: 1000}
                """);
        return b;
    }

    @Test
    void aFleetRunWritesItsReportsAndShardsMergeToTheSameCounts(@TempDir Path dir) throws Exception {
        Path b = behaviour(dir);
        String at = "127.0.0.1:" + broker.port();
        Result one = run(Map.of(), "fleet", "--count", "20", "--broker", at, "--behaviour", b.toString(), "--duration", "0",
                "--report", dir.resolve("one").toString(), "--quiet");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.out()).contains("published 60 (failed 0", "lost 0, duplicates 0");
        FleetReport single = FleetReport.read(dir.resolve("one/report.json"));
        assertThat(single.devices()).hasSize(20);
        assertThat(Files.readString(dir.resolve("one/report.html"))).contains("<svg", "AT+MQTTPUB");

        // shard 0 from the Indexed Job's variables, shard 1 by option
        Result s0 = run(Map.of("JOB_COMPLETION_INDEX", "0", FleetCommand.SHARDS_ENV, "2"), "fleet", "--count", "20", "--broker", at,
                "--behaviour", b.toString(), "--duration", "0", "--report", dir.resolve("shards").toString(), "--quiet");
        assertThat(s0.exit()).as(s0.err()).isZero();
        Result s1 = run(Map.of(), "fleet", "--count", "20", "--broker", at, "--behaviour", b.toString(), "--duration", "0",
                "--shard", "1/2", "--report", dir.resolve("shards").toString(), "--quiet");
        assertThat(s1.exit()).as(s1.err()).isZero();
        assertThat(dir.resolve("shards/report-0-of-2.json")).exists();
        assertThat(dir.resolve("shards/report-1-of-2.json")).exists();

        Path merged = dir.resolve("merged.json");
        Result m = run(null, "report", "merge", dir.resolve("shards").toString(), "--out", merged.toString());
        assertThat(m.exit()).as(m.err()).isZero();
        assertThat(m.out()).contains("merged 2 reports");
        FleetReport r = FleetReport.read(merged);
        assertThat(r.totals()).isEqualTo(single.totals());
        assertThat(r.devices().stream().map(FleetReport.DeviceRow::imei).toList())
                .isEqualTo(single.devices().stream().map(FleetReport.DeviceRow::imei).toList());
        assertThat(dir.resolve("merged.html")).exists();
    }

    @Test
    void exposedDevicesAreListedAndCounted(@TempDir Path dir) throws Exception {
        Result r = run(Map.of(), "fleet", "--count", "5", "--broker", "127.0.0.1:" + broker.port(), "--behaviour", behaviour(dir).toString(),
                "--duration", "2s", "--expose", "tcp:0", "--expose-count", "2", "--report", dir.resolve("e").toString(), "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).containsPattern("device 0 exposed on 127\\.0\\.0\\.1:\\d+").containsPattern("device 1 exposed on 127\\.0\\.0\\.1:\\d+")
                .doesNotContain("device 2 exposed");
        assertThat(r.out()).contains("exposed 2, with a host on the line at the end 0");
        FleetReport report = FleetReport.read(dir.resolve("e/report.json"));
        assertThat(report.totals().exposed()).isEqualTo(2);
        assertThat(report.devices()).filteredOn(FleetReport.DeviceRow::exposed).extracting(FleetReport.DeviceRow::index).containsExactly(0, 1);
    }

    @Test
    void badExposeOptionsGetAClearMessage(@TempDir Path dir) throws Exception {
        String b = behaviour(dir).toString();
        Result kind = run(Map.of(), "fleet", "--count", "5", "--behaviour", b, "--expose", "udp:4000");
        assertThat(kind.exit()).isEqualTo(2);
        assertThat(kind.err()).contains("tcp:BASEPORT or pty:DIR");
        Result port = run(Map.of(), "fleet", "--count", "5", "--behaviour", b, "--expose", "tcp:many");
        assertThat(port.exit()).isEqualTo(2);
        assertThat(port.err()).contains("needs a port number");
        Result countOnly = run(Map.of(), "fleet", "--count", "5", "--behaviour", b, "--expose-count", "2");
        assertThat(countOnly.exit()).isEqualTo(2);
        assertThat(countOnly.err()).contains("--expose-count needs --expose");
        Result zero = run(Map.of(), "fleet", "--count", "5", "--behaviour", b, "--expose", "tcp:0", "--expose-count", "0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("at least 1");
        Result past = run(Map.of(), "fleet", "--count", "10", "--behaviour", b, "--expose", "tcp:65530", "--expose-count", "7");
        assertThat(past.exit()).isEqualTo(2);
        assertThat(past.err()).contains("port 65536, past 65535");
        Result noDuration = run(Map.of(), "fleet", "--count", "5", "--behaviour", b, "--expose", "tcp:0", "--duration", "0");
        assertThat(noDuration.exit()).isEqualTo(2);
        assertThat(noDuration.err()).contains("--expose needs a duration");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result busy = run(Map.of(), "fleet", "--count", "5", "--broker", "127.0.0.1:" + broker.port(), "--behaviour", b,
                    "--expose", "tcp:" + taken.getLocalPort(), "--expose-count", "1", "--report", dir.resolve("x").toString(), "--quiet");
            assertThat(busy.exit()).isNotZero();
            assertThat(busy.err()).contains("device 0: port " + taken.getLocalPort() + " is taken");
        }
    }

    private static FleetOptions parsed(Path dir, String... args) throws Exception {
        CommandLine cl = L610.commandLine();
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("fleet", "--count", "5", "--behaviour",
                behaviour(dir).toString()));
        all.addAll(java.util.List.of(args));
        cl.parseArgs(all.toArray(String[]::new));
        return cl.getSubcommands().get("fleet").<FleetCommand>getCommand().options();
    }

    /** A broker on this machine: connections spread over 127.0.0.0/8 unless told otherwise (Linux, where that is all local). */
    @Test
    void sourceAddressesDefaultToTheLoopbackBlockForALocalBroker(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"));
        FleetOptions local = parsed(dir, "--broker", "127.0.0.1:1883");
        assertThat(local.sources()).isNotNull();
        assertThat(local.sources().of(0).getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(local.sources().of(1).getHostAddress()).isEqualTo("127.0.0.2");
        assertThat(parsed(dir, "--broker", "127.0.0.1:1883", "--source-addresses", "system").sources()).isNull();
        assertThat(parsed(dir, "--broker", "192.0.2.1:1883").sources()).isNull();
        assertThat(parsed(dir, "--broker", "192.0.2.1:1883", "--source-addresses", "10.0.0.5,10.0.0.6").sources().of(1).getHostAddress())
                .isEqualTo("10.0.0.6");
    }

    @Test
    void badInputGetsAClearMessage(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "publish: {evry: 10s}\n");
        Result r = run(Map.of(), "fleet", "--count", "5", "--behaviour", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown key publish.evry").contains("every");

        Result missing = run(Map.of(), "fleet", "--count", "5", "--behaviour", dir.resolve("nope.yaml").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");

        Result env = run(Map.of("JOB_COMPLETION_INDEX", "3"), "fleet", "--count", "5", "--behaviour", behaviour(dir).toString());
        assertThat(env.exit()).isEqualTo(2);
        assertThat(env.err()).contains(FleetCommand.SHARDS_ENV);

        Result shard = run(Map.of(), "fleet", "--count", "5", "--behaviour", behaviour(dir).toString(), "--shard", "2/2");
        assertThat(shard.exit()).isEqualTo(2);
        assertThat(shard.err()).contains("0 <= i < n");

        Result noBroker = run(Map.of(), "fleet", "--count", "2", "--behaviour", behaviour(dir).toString(), "--broker", "127.0.0.1:1",
                "--duration", "0", "--report", dir.resolve("x").toString(), "--quiet");
        assertThat(noBroker.exit()).isNotZero();
        assertThat(noBroker.err()).contains("cannot connect to the broker");

        Result notReport = run(null, "report", "merge", bad.toString());
        assertThat(notReport.exit()).isNotZero();
        assertThat(notReport.err()).contains("is not a fleet report");
    }
}
