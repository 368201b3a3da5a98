package dev.l610.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code l610 fault NAME}: injects a fault into a running {@code l610 serve} through its control API. */
@Command(name = "fault",
        mixinStandardHelpOptions = true,
        description = {
            "Injects a fault into a running 'l610 serve', to watch what the host does then.",
            "",
            "Faults and what the host sees:",
            "  radio-off, radio-on",
            "      +CSQ: 99,99 and +MQTTBREAK: <id>,3 per open client; radio-on ends it",
            "  deregister, register",
            "      registration lost (refused until 'register'): +MQTTBREAK: <id>,3",
            "  context-drop, context-restore",
            "      +MIPCALL: 0 and +MQTTBREAK: <id>,2; context-restore: +MIPCALL: <ip>",
            "  broker-kill --client N",
            "      N's connection is reset: +MQTTBREAK: N,1; the broker sends N's will",
            "  blackhole, blackhole --off",
            "      broker bytes vanish: +MQTTBREAK: <id>,1 after 1.5 x keepalive",
            "  signal --rssi N",
            "      +CSQ: N,99",
            "  udp --latency-ms N --loss P",
            "      MQTT-SN datagrams N ms late, lost with probability P; 'udp' ends it",
            "  power-cycle",
            "      a reset: connections end without DISCONNECT (wills), settings back to power-up, then +SIM READY",
            "  sim --state ready|absent|pin:PIN",
            "      another SIM: ready gives +SIM READY and registration; absent or pin: registration lost",
            "  timing --profile instant|cat1|nbiot",
            "      the timing profile from now on (boot, registration, AT+MIPCALL, DNS, radio round trip and rates)",
            "",
            "The control API's address is --control, else the environment variable L610_CONTROL (HOST:PORT), "
                    + "else 127.0.0.1:5611. The same over HTTP (a POST needs the header X-L610):",
            "  curl -X POST -H 'X-L610: 1' http://127.0.0.1:5611/faults/radio-off"},
        sortOptions = false)
public final class FaultCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final java.util.List<String> FAULTS = java.util.List.of("radio-off", "radio-on", "deregister", "register",
            "context-drop", "context-restore", "broker-kill", "blackhole", "signal", "udp", "shape", "power-cycle", "sim", "timing");

    @Parameters(index = "0", paramLabel = "FAULT", completionCandidates = FaultNames.class,
            description = "radio-off, radio-on, deregister, register, context-drop, context-restore, broker-kill, blackhole, signal, udp, shape, "
                    + "power-cycle, sim, timing")
    String fault;

    @Option(names = "--client", paramLabel = "ID", description = "broker-kill: the AT client id (1, 2, 101, 102).")
    Integer client;

    @Option(names = "--off", description = "blackhole: end it.")
    boolean off;

    @Option(names = "--rssi", paramLabel = "N", description = "signal: 0..31, or 99 for none.")
    Integer rssi;

    @Option(names = "--latency-ms", paramLabel = "N", defaultValue = "0",
            description = "udp, shape: one-way delay of every datagram / chunk of bytes.")
    int latencyMs;

    @Option(names = "--loss", paramLabel = "P", defaultValue = "0",
            description = "udp, shape: probability (0..1) that a datagram is lost (on TCP: a retransmission delay).")
    double loss;

    @Option(names = "--dir", paramLabel = "up|down|both", defaultValue = "both", description = "shape: which direction.")
    String dir;

    @Option(names = "--jitter-ms", paramLabel = "N", defaultValue = "0", description = "shape: extra random delay, 0..N ms.")
    int jitterMs;

    @Option(names = "--rate-bps", paramLabel = "N", defaultValue = "0", description = "shape: link rate in bytes/s (0: unlimited).")
    long rateBps;

    @Option(names = "--state", paramLabel = "ready|absent|pin:PIN", description = "sim: the SIM now in the slot.")
    String state;

    @Option(names = "--profile", paramLabel = "instant|cat1|nbiot", description = "timing: the profile from now on.")
    String profile;

    @Option(names = "--control", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            description = ControlClient.CONTROL_HELP)
    HostPort control;

    @Override
    public Integer call() throws Exception {
        if (!FAULTS.contains(fault)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown fault '" + fault + "'; the faults are "
                    + String.join(", ", FAULTS));
        }
        String query = "";
        switch (fault) {
            case "broker-kill" -> {
                if (client == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "broker-kill needs --client ID");
                }
                query = "?client=" + client;
            }
            case "blackhole" -> query = "?on=" + !off;
            case "udp" -> query = "?latency_ms=" + latencyMs + "&loss=" + loss;
            case "shape" -> query = "?dir=" + dir + "&latency_ms=" + latencyMs + "&jitter_ms=" + jitterMs + "&rate_bps=" + rateBps
                    + "&loss=" + loss;
            case "signal" -> {
                if (rssi == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "signal needs --rssi N");
                }
                query = "?rssi=" + rssi;
            }
            case "sim" -> {
                if (state == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "sim needs --state ready|absent|pin:PIN");
                }
                query = "?state=" + java.net.URLEncoder.encode(state, java.nio.charset.StandardCharsets.UTF_8);
            }
            case "timing" -> {
                if (profile == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "timing needs --profile instant|cat1|nbiot");
                }
                query = "?profile=" + java.net.URLEncoder.encode(profile, java.nio.charset.StandardCharsets.UTF_8);
            }
            default -> { }
        }
        return ControlClient.call(spec, control, "POST", "/faults/" + fault + query);
    }

    /** The fault names, for bash completion. */
    static final class FaultNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return FAULTS.iterator();
        }
    }

    /** The HTTP calls of the control CLI commands. */
    static final class ControlClient {
        static final String ENV = "L610_CONTROL";
        static final String DEFAULT = "127.0.0.1:5611";
        static final String CONTROL_HELP = "Where 'l610 serve' runs its control API "
                + "(default: $" + ENV + " when set, else " + DEFAULT + ").";

        private ControlClient() {
        }

        /** --control when given, else {@value #ENV} from the environment, else {@value #DEFAULT}. */
        static HostPort address(CommandLine.Model.CommandSpec spec, HostPort given, java.util.Map<String, String> env) {
            if (given != null) {
                return given;
            }
            String fromEnv = env.get(ENV);
            if (fromEnv == null || fromEnv.isBlank()) {
                return new HostPort.Converter().convert(DEFAULT);
            }
            try {
                return new HostPort.Converter().convert(fromEnv.trim());
            } catch (CommandLine.TypeConversionException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), ENV + ": " + e.getMessage());
            }
        }

        static int call(CommandLine.Model.CommandSpec spec, HostPort given, String method, String path) throws Exception {
            HostPort control = address(spec, given, System.getenv());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://" + control + path)).timeout(Duration.ofSeconds(15));
            // the control API wants this header on a POST: a guard against cross-site requests from web pages
            req = method.equals("POST") ? req.POST(HttpRequest.BodyPublishers.noBody()).header("X-L610", "1") : req.GET();
            HttpResponse<String> r;
            try {
                r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException e) {
                spec.commandLine().getErr().println("l610: no control API at " + control
                        + " (is 'l610 serve' running? it listens there unless --no-control; see --control and " + ENV + ")");
                return 1;
            }
            (r.statusCode() == 200 ? spec.commandLine().getOut() : spec.commandLine().getErr()).print(r.body());
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().flush();
            return r.statusCode() == 200 ? 0 : 1;
        }
    }
}
