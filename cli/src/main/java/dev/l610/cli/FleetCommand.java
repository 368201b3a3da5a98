package dev.l610.cli;

import dev.l610.fleet.Behaviour;
import dev.l610.fleet.Fleet;
import dev.l610.fleet.FleetOptions;
import dev.l610.fleet.FleetReport;
import dev.l610.fleet.Imei;
import dev.l610.fleet.Progress;
import dev.l610.fleet.Shard;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code l610 fleet}: thousands of virtual L610s against a real broker, each driven by the host driver. */
@Command(name = "fleet",
        mixinStandardHelpOptions = true,
        description = {
            "Runs N virtual L610s in this process against a real MQTT broker. Each is driven over its own in-memory AT line "
                    + "by the host driver, following the behaviour file (bring-up, open, subscribe, publish, reconnect after "
                    + "+MQTTBREAK), and measured as its firmware sees it.",
            "",
            "Prints a progress line once a second on stderr, a summary at the end on stdout, and writes the report "
                    + "(report.json and report.html; report-<i>-of-<n>.json for a shard) to --report.",
            "Real firmware in the loop: --expose tcp:BASEPORT (or pty:DIR) gives the first --expose-count devices a serial "
                    + "line of their own (127.0.0.1:BASEPORT+i, or the pty DIR/l610-<i>) for firmware builds to drive, beside "
                    + "the light devices driven by the behaviour file.",
            "Against a local broker: mosquitto, or './l610 serve' in another terminal (its embedded broker listens on "
                    + "127.0.0.1:1883). Format of the behaviour file: docs/fleet.md; example: examples/telemetry.yaml."},
        sortOptions = false)
public final class FleetCommand implements Callable<Integer> {

    /** The number of shards, for a Kubernetes Indexed Job (its index comes in JOB_COMPLETION_INDEX). */
    static final String SHARDS_ENV = "L610_FLEET_SHARDS";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--count", paramLabel = "N", required = true,
            description = "Devices in the whole fleet (all shards together).")
    int count;

    @Option(names = "--broker", paramLabel = "HOST:PORT", converter = HostPort.Converter.class, defaultValue = "127.0.0.1:1883",
            description = "The MQTT broker the modems connect to (default: ${DEFAULT-VALUE}).")
    HostPort broker;

    @Option(names = "--gateway", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            description = "The MQTT-SN gateway, for behaviour files with mqtt.client 101 or 102.")
    HostPort gateway;

    @Option(names = "--behaviour", paramLabel = "FILE", required = true,
            description = "What each device does (YAML, see docs/fleet.md).")
    Path behaviour;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "60s",
            description = "How long the run lasts: 60s, 10m, 1h; 0 runs until every device published publish.count "
                    + "(default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "fleet-report",
            description = "Where the JSON and HTML reports go (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run only devices I*count/N .. (I+1)*count/N-1. Default: JOB_COMPLETION_INDEX/" + SHARDS_ENV
                    + " when set (a Kubernetes Indexed Job), else 0/1.")
    String shard;

    @Option(names = "--imei-base", paramLabel = "DIGITS", defaultValue = Imei.DEFAULT_BASE,
            description = "14 digits; device i gets IMEI base+i and its Luhn digit (default: ${DEFAULT-VALUE}).")
    String imeiBase;

    @Option(names = "--loops", paramLabel = "N", defaultValue = "0",
            description = "Event-loop threads for all modems (default: one per core).")
    int loops;

    @Option(names = "--source-addresses", paramLabel = "BLOCK|LIST|system",
            description = "Local addresses the connections come from, by device index: an IPv4 block (127.0.0.0/8) or a list "
                    + "(a,b,c), so one host is not held to the ports of one address; 'system': the system's choice. Default: "
                    + "127.0.0.0/8 when the broker is on this machine (Linux), else the system's choice.")
    String sources;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            description = "Serve Prometheus metrics at http://HOST:PORT/metrics while the fleet runs (e.g. 0.0.0.0:9610 in a pod).")
    HostPort metrics;

    @Option(names = "--expose", paramLabel = "tcp:BASEPORT|pty:DIR",
            description = "Give devices a serial line of their own instead of an in-process host, for real firmware (under Renode "
                    + "or QEMU, or native binaries): device i (its index in the whole fleet, also in a shard) listens on "
                    + "127.0.0.1:BASEPORT+i (tcp:0: ephemeral ports, printed at the start), or gets a pty symlinked as DIR/l610-<i> "
                    + "(Linux). Needs a --duration other than 0.")
    String expose;

    @Option(names = "--expose-count", paramLabel = "K",
            description = "How many devices of this process are exposed: the first K (default with --expose: all).")
    Integer exposeCount;

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    Map<String, String> env = System.getenv();

    @Override
    public Integer call() throws IOException {
        FleetOptions options = options();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = System.console() != null;
        err.println("l610 fleet: " + (options.shard().count() > 1 ? "shard " + options.shard() + " of " : "") + count
                + " devices against " + broker + ", " + (options.duration().isZero() ? "until every device published its count"
                : "for " + duration));
        err.flush();
        FleetReport r;
        Fleet fleet;
        try {
            fleet = Fleet.start(options, quiet ? null : p -> progress(err, p, terminal));
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        printExposed(err, fleet.exposedLines());
        dev.l610.fleet.MetricsServer metricsServer = null;
        if (metrics != null) {
            try {
                metricsServer = dev.l610.fleet.MetricsServer.start(fleet, metrics.socketAddress(), options.shard());
                err.println("l610 fleet: metrics at http://" + HostPort.format(metricsServer.address()) + "/metrics");
            } catch (IOException e) {
                fleet.close();
                throw new IllegalArgumentException("--metrics " + metrics + ": " + e.getMessage(), e);
            }
        }
        // Ctrl-C ends the run early: the report is still written (the hook waits for it, a minute at most)
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            fleet.stop();
            try {
                written.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            r = fleet.finished().join();
        } finally {
            fleet.close();
            if (metricsServer != null) {
                metricsServer.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down
            }
        }
        if (terminal && !quiet) {
            err.println();
        }
        Files.createDirectories(report);
        String name = options.shard().count() > 1 ? "report-" + options.shard().index() + "-of-" + options.shard().count() : "report";
        Path json = report.resolve(name + ".json");
        Path html = report.resolve(name + ".html");
        try {
            r.write(json);
            r.writeHtml(html);
            summary(out, r);
            out.println("report: " + json + " and " + html);
            out.flush();
        } finally {
            written.countDown();
        }
        return 0;
    }

    FleetOptions options() throws IOException {
        CommandLine cl = spec.commandLine();
        if (count < 1) {
            throw new CommandLine.ParameterException(cl, "--count must be at least 1, was " + count);
        }
        if (broker.unresolved() != null) {
            throw new CommandLine.ParameterException(cl, "--broker " + broker + ": " + broker.unresolved());
        }
        if (!Files.isRegularFile(behaviour)) {
            throw new CommandLine.ParameterException(cl, "--behaviour " + behaviour + ": no such file");
        }
        Duration d;
        try {
            d = duration.trim().equals("0") ? Duration.ZERO : Behaviour.duration(duration);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        Shard s;
        try {
            s = shard != null ? Shard.parse(shard) : shardFromEnv();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, (shard != null ? "--shard: " : "") + e.getMessage());
        }
        Behaviour b;
        try {
            b = Behaviour.read(behaviour);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--behaviour " + e.getMessage());
        }
        if (exposeCount != null && expose == null) {
            throw new CommandLine.ParameterException(cl, "--expose-count needs --expose tcp:BASEPORT or pty:DIR");
        }
        try {
            dev.l610.fleet.Expose e = expose == null ? null
                    : dev.l610.fleet.Expose.parse(expose, exposeCount == null ? dev.l610.fleet.Expose.ALL : exposeCount);
            return new FleetOptions(count, s, broker.socketAddress(), gateway == null ? null : gateway.socketAddress(), b, d,
                    imeiBase, loops, sources(), e);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    /**
     * The source addresses: as given; by default, for a broker on a loopback address on Linux (where the whole of
     * 127.0.0.0/8 is this machine's), spread over 127.0.0.0/8. From one address to one broker port a host has some
     * 28,000 ephemeral ports, and the kernel's search for a free one grows costly as they fill (a quarter of the
     * event loops' time in an 18,000-device ramp, docs/benchmarks.md).
     */
    dev.l610.fleet.SourceAddresses sources() {
        if (sources != null) {
            return sources.trim().equals("system") ? null : dev.l610.fleet.SourceAddresses.parse(sources);
        }
        java.net.InetAddress a = broker.socketAddress().getAddress();
        boolean linux = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
        return linux && a instanceof java.net.Inet4Address && a.isLoopbackAddress()
                ? dev.l610.fleet.SourceAddresses.parse("127.0.0.0/8") : null;
    }

    /** JOB_COMPLETION_INDEX (Kubernetes Indexed Job) of L610_FLEET_SHARDS, else the whole fleet. */
    Shard shardFromEnv() {
        String index = env.get("JOB_COMPLETION_INDEX");
        if (index == null || index.isBlank()) {
            return Shard.ALL;
        }
        String n = env.get(SHARDS_ENV);
        if (n == null || n.isBlank()) {
            throw new IllegalArgumentException("JOB_COMPLETION_INDEX is set (" + index + ") but " + SHARDS_ENV
                    + " (the number of shards, the Job's completions) is not; or give --shard I/N");
        }
        return Shard.parse(index.trim() + "/" + n.trim());
    }

    /** Where the exposed devices' lines are (the first 20; the report has them all). */
    private static void printExposed(PrintWriter err, Map<Integer, String> lines) {
        int shown = 0;
        for (Map.Entry<Integer, String> e : lines.entrySet()) {
            if (shown++ == 20) {
                err.println("l610 fleet: ... and " + (lines.size() - 20) + " more exposed devices (their lines are in the report)");
                break;
            }
            err.println("l610 fleet: device " + e.getKey() + " exposed on " + e.getValue());
        }
        err.flush();
    }

    private static void progress(PrintWriter err, Progress p, boolean terminal) {
        if (terminal) {
            err.print("\r" + p.line() + "   ");
        } else {
            err.println(p.line());
        }
        err.flush();
    }

    static void summary(PrintWriter out, FleetReport r) {
        FleetReport.Totals t = r.totals();
        out.printf("devices %d, connected at the end %d, gave up %d, errors %d%n", t.devices(), t.connectedAtEnd(), t.gaveUp(), t.errors());
        out.printf("published %d (failed %d, skipped offline %d), received by the checker %d, lost %d, duplicates %d, out of order %d%n",
                t.published(), t.publishFailed(), t.skipped(), t.received(), t.lost(), t.duplicates(), t.outOfOrder());
        if (t.probeSent() > 0) {
            out.printf("probe: sent %d, received %d, lost %d, duplicates %d, out of order %d%n", t.probeSent(), t.probeReceived(),
                    t.probeLost(), t.probeDuplicates(), t.probeOutOfOrder());
        }
        if (t.exposed() > 0) {
            out.printf("exposed %d, with a host on the line at the end %d (their opens, publishes and breaks as the modem reported them)%n",
                    t.exposed(), t.exposedHosts());
        }
        out.printf("breaks %s, reconnects %d, NAT drops %d, devices in the outage %d%n", t.breaks(), t.reconnects(), t.natDrops(),
                t.outageDevices());
        r.latency().forEach((k, l) -> {
            if (l.count() > 0) {
                out.printf("%-10s n %-8d p50 %8.2f ms  p90 %8.2f ms  p99 %8.2f ms  max %8.2f ms%n", k, l.count(), l.p50(), l.p90(), l.p99(), l.max());
            }
        });
    }
}
