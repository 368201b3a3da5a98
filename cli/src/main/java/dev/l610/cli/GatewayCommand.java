package dev.l610.cli;

import dev.l610.mqttsn.MqttSnRuntime;
import dev.l610.mqttsn.gateway.MqttSnGateway;
import dev.l610.mqttsn.gateway.MqttSnGatewayBuilder;
import dev.l610.mqttsn.gateway.PredefinedTopics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** {@code l610 gateway}: the MQTT-SN gateway alone, for any MQTT-SN client and any broker. */
@Command(name = "gateway",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the MQTT-SN 1.2 gateway alone, for any MQTT-SN client and any broker.",
            "",
            "MQTT-SN clients on UDP, one MQTT connection each to --broker (a transparent gateway). Prints 'READY mqttsn=HOST:PORT broker=HOST:PORT' once it listens. Ctrl-C stops it.",
            "",
            "--config reads a Paho MQTT-SN gateway.conf (BrokerName, BrokerPortNo, BrokerSecurePortNo, GatewayPortNo, GatewayID, "
                    + "LoginID, Password, PredefinedTopic, PredefinedTopicList, MaxNumberOfClients, RootCAfile, ...); "
                    + "options given on the command line win over the file."},
        sortOptions = false)
public final class GatewayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--broker", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            description = "The MQTT broker to bridge to (required unless --config names one with BrokerName).")
    HostPort broker;

    @Option(names = "--listen", paramLabel = "HOST:PORT", converter = HostPort.Converter.class, defaultValue = "127.0.0.1:1885",
            description = "UDP address of the gateway (default: ${DEFAULT-VALUE}, or 127.0.0.1 and the config's GatewayPortNo; port 0 picks a free one).")
    HostPort listen;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A Paho MQTT-SN gateway.conf: Key=value lines, '#' comments. Keys that do not apply are warnings.")
    Path config;

    @Option(names = "--predefined", paramLabel = "FILE",
            description = "Predefined topics: one '<id> <topic name>' per line, or Paho's 'ClientId,TopicName,TopicId'; '#' starts a comment.")
    Path predefined;

    @Option(names = "--gateway-id", paramLabel = "ID", description = "GwId in GWINFO (0..255, default 1).")
    Integer gatewayId;

    @Option(names = "--broker-user", paramLabel = "USER",
            description = "MQTT user name of every client's broker connection (MQTT-SN has none of its own).")
    String brokerUser;

    @Option(names = "--broker-password-file", paramLabel = "FILE", description = "File whose first line is the password of --broker-user.")
    Path brokerPasswordFile;

    @Option(names = "--broker-credentials", paramLabel = "FILE",
            description = "Per client: '<client id> <user> [<password>]' lines, ahead of --broker-user; '#' starts a comment.")
    Path brokerCredentials;

    @Option(names = "--broker-tls", description = "Connect to the broker over TLS (host name verified), trusting the JVM's CAs or --ca-file.")
    boolean brokerTls;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Trust only these CA certificates (PEM) for the broker; implies --broker-tls.")
    Path caFile;

    @Option(names = "--max-clients", paramLabel = "N",
            description = "Clients at once (default " + MqttSnGatewayBuilder.DEFAULT_MAX_SESSIONS + "); more get CONNACK 'rejected: congestion'.")
    Integer maxClients;

    @Option(names = "--max-pending", paramLabel = "N",
            description = "Broker messages queued per client, also while it sleeps (default " + MqttSnGatewayBuilder.DEFAULT_MAX_QUEUED_PER_SESSION
                    + "); QoS 0 beyond is dropped, QoS 1/2 left with the broker.")
    Integer maxPending;

    @Option(names = "--max-topics", paramLabel = "N",
            description = "Topic ids per client (default " + MqttSnGatewayBuilder.DEFAULT_MAX_TOPICS_PER_SESSION + "); more get 'rejected: congestion'.")
    Integer maxTopics;

    final CompletableFuture<String> stop = new CompletableFuture<>();

    @Override
    public Integer call() {
        PahoGatewayConf.Settings file = config == null ? new PahoGatewayConf.Settings() : loadConfig();
        for (String w : file.warnings) {
            spec.commandLine().getErr().println("l610: --config " + config + ": " + w);
        }
        GatewayBrokerSide side = new GatewayBrokerSide();
        side.user = brokerUser != null ? brokerUser : file.loginId;
        side.passwordFile = brokerPasswordFile;
        side.password = brokerUser == null ? file.password : null;
        side.caFile = caFile != null ? caFile : file.rootCaFile;
        side.tls = brokerTls || side.caFile != null;
        side.credentialsFile = brokerCredentials;
        side.maxClients = maxClients != null ? maxClients : file.maxClients;
        side.maxPending = maxPending;
        side.maxTopics = maxTopics;
        HostPort target = broker;
        if (target == null) {
            if (file.brokerHost == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "missing the broker: give --broker HOST:PORT" + (config == null ? "" : " or BrokerName in " + config));
            }
            int port = side.tls ? firstOf(file.brokerSecurePort, file.brokerPort, 8883) : firstOf(file.brokerPort, 1883);
            target = new HostPort(file.brokerHost, port);
        }
        HostPort udp = listen;
        if (!spec.commandLine().getParseResult().hasMatchedOption("--listen") && file.gatewayPort != null) {
            udp = new HostPort("127.0.0.1", file.gatewayPort);
        }
        String wrong = udp.notBindable() != null ? "--listen " + udp + ": " + udp.notBindable()
                : target.unresolved() != null ? "--broker " + target + ": " + target.unresolved() : null;
        if (wrong != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), wrong);
        }
        var b = MqttSnGateway.builder().bind(udp.socketAddress()).broker(target.host(), target.port());
        Integer id = gatewayId != null ? gatewayId : file.gatewayId;
        if (id != null) {
            try {
                b.gatewayId(id);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--gateway-id: " + e.getMessage());
            }
        }
        Path topics = predefined != null ? predefined : file.predefinedTopicList;
        if (topics != null) {
            b.predefinedTopics(loadTopics(spec, topics));
        }
        side.apply(spec, "--", b);
        try (MqttSnRuntime runtime = MqttSnRuntime.create()) {
            MqttSnGateway gateway;
            try {
                gateway = b.runtime(runtime).build().start();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cannot start the MQTT-SN gateway on UDP " + udp + ": " + e.getMessage(), e);
            }
            Thread hook = new Thread(() -> {
                if (stop.complete("signal")) {
                    gateway.close();
                    System.err.println("l610: gateway stopped");
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            spec.commandLine().getOut().println("READY mqttsn=" + HostPort.format(gateway.localAddress()) + " broker=" + target);
            spec.commandLine().getOut().flush();
            if (!"signal".equals(stop.join())) {
                gateway.close();
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            return 0;
        }
    }

    private static int firstOf(Integer a, int fallback) {
        return a != null ? a : fallback;
    }

    private static int firstOf(Integer a, Integer b, int fallback) {
        return a != null ? a : b != null ? b : fallback;
    }

    private PahoGatewayConf.Settings loadConfig() {
        if (Files.isDirectory(config)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--config " + config + ": is a directory");
        }
        try {
            return PahoGatewayConf.load(config);
        } catch (java.nio.file.FileSystemException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--config " + config + ": " + Errors.explain(e));
        } catch (IOException | RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--config " + config + ": " + e.getMessage());
        }
    }

    /** Our '<id> <name>' format, or Paho's 'ClientId,TopicName,TopicId' (told apart by the comma). */
    static PredefinedTopics loadTopics(CommandLine.Model.CommandSpec spec, Path file) {
        if (Files.isDirectory(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--predefined " + file + ": is a directory");
        }
        try {
            if (isPahoList(file)) {
                List<String> warnings = new ArrayList<>();
                PredefinedTopics t = PredefinedTopics.of(PahoGatewayConf.loadTopicList(file, warnings));
                warnings.forEach(w -> spec.commandLine().getErr().println("l610: " + file + ": " + w));
                return t;
            }
            return PredefinedTopics.load(file);
        } catch (java.nio.file.FileSystemException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--predefined " + file + ": " + Errors.explain(e));
        } catch (IOException | RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--predefined " + file + ": " + e.getMessage());
        }
    }

    private static boolean isPahoList(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                return l.contains(",");
            }
        }
        return false;
    }
}
