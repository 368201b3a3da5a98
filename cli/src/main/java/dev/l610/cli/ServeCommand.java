package dev.l610.cli;

import dev.l610.embed.VirtualL610;
import dev.l610.modem.ModemConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** {@code l610 serve}: one virtual L610 on a TCP port (or stdio), with an embedded MQTT broker. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs one virtual L610 with an MQTT broker, an MQTT-SN gateway and a control API.",
            "",
            "Each TCP connection to --listen is the modem's serial line (one host at a time); "
                    + "--stdio, --pty PATH or --serial DEVICE offer the line there instead (add --listen to keep TCP too). "
                    + "On 127.0.0.1 it also starts an embedded MQTT broker (--no-broker to skip), an MQTT-SN gateway bridged "
                    + "to it for client ids 101/102 (--no-gateway) and the HTTP control API for status, fault injection, "
                    + "injected lines, the transcript and a web console at http://CONTROL/ (--no-control).",
            "",
            "Talk to the TCP line with one of",
            "  nc -C 127.0.0.1 5610",
            "  socat - TCP:127.0.0.1:5610,crlf",
            "A command line ends at CR, as on a real module: plain 'nc' sends LF only, and the modem waits for the CR.",
            "",
            "When everything is up, one line is printed on stdout (on stderr with --stdio):",
            "  READY at=HOST:PORT mqtt=HOST:PORT mqttsn=HOST:PORT control=HOST:PORT",
            "and the web console's address on stderr (open it in a browser: the live line, state, faults):",
            "  l610: web console: http://HOST:PORT/",
            "at= is the pty path with --pty and no --listen, 'stdio' with --stdio, connect:HOST:PORT with --connect; '-' marks a part that is not "
                    + "running. Stop with Ctrl-C or SIGTERM."},
        sortOptions = false)
public final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            defaultValue = "127.0.0.1:5610",
            description = "TCP address of the serial line (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    HostPort listen;

    @Option(names = "--stdio", description = "Use stdin/stdout as the serial line instead of TCP.")
    boolean stdio;

    @Option(names = "--pty", paramLabel = "PATH",
            description = "Also (or, without --listen, instead) offer the serial line as a pseudo-terminal: a symlink at PATH "
                    + "(e.g. /tmp/ttyL610) that programs open like a serial port (minicom, screen, pyserial).")
    Path pty;

    @Option(names = "--connect", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            description = "Also (or, without --listen, instead) make the serial line a TCP connection the modem opens to HOST:PORT: "
                    + "the UART socket of an emulator running your firmware (QEMU -serial tcp::4444,server, Renode). "
                    + "It connects again whenever the connection drops or cannot be made yet.")
    HostPort connect;

    @Option(names = "--serial", paramLabel = "DEVICE",
            description = "Also (or, without --listen, instead) serve the line on a real serial port, e.g. /dev/ttyUSB0 (8N1, no flow control).")
    String serial;

    @Option(names = "--baud", paramLabel = "BAUD", defaultValue = "115200",
            description = "Baud rate of --serial, and of every line with --throttle (default: ${DEFAULT-VALUE}).")
    int baud;

    @Option(names = "--throttle",
            description = "Pass bytes on TCP, pty and stdio lines no faster than a real UART at --baud (8N1), both ways.")
    boolean throttle;

    @Option(names = "--control", paramLabel = "HOST:PORT", converter = HostPort.Converter.class, defaultValue = "127.0.0.1:5611",
            description = "Control API (HTTP + JSON: status, faults, injected lines, transcript; the web console at /) on this "
                    + "loopback address (default: ${DEFAULT-VALUE}; port 0 picks a free one). See 'l610 fault --help'.")
    HostPort control;

    @Option(names = "--no-control", description = "Do not start the control API.")
    boolean noControl;

    @Option(names = "--imei", paramLabel = "IMEI",
            description = "IMEI: 15 digits with a valid Luhn check digit, or 14 (the check digit is added). "
                    + "Default: " + ModemConfig.DEFAULT_IMEI + ". Also the default MQTT client id.")
    String imei = ModemConfig.DEFAULT_IMEI;

    @Option(names = "--firmware", paramLabel = "REV", description = "Firmware revision for ATI / AT+CGMR (default: ${DEFAULT-VALUE}).")
    String firmware = ModemConfig.DEFAULT_FIRMWARE;

    @Option(names = "--operator", paramLabel = "NAME", description = "Operator name for AT+COPS? (default: ${DEFAULT-VALUE}).")
    String operator = ModemConfig.DEFAULT_OPERATOR;

    @Option(names = "--ip", paramLabel = "ADDR", description = "IP address of the data context (default: ${DEFAULT-VALUE}).")
    String ip = ModemConfig.DEFAULT_IP;

    @Option(names = "--broker-port", paramLabel = "PORT", defaultValue = "1883",
            description = "Port of the embedded MQTT broker on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int brokerPort;

    @Option(names = "--no-broker", description = "Do not start the embedded MQTT broker (nor the gateway, unless --gateway-broker is given).")
    boolean noBroker;

    // --- the embedded broker's options (issue 16) ---

    @Option(names = "--broker-user", paramLabel = "USER",
            description = "Only USER (with the password of --broker-password-file) may connect to the embedded broker; "
                    + "others get CONNACK 4 (+CME ERROR: 703). The MQTT-SN gateway logs in with them too, unless --gateway-broker-user.")
    String brokerUser;

    @Option(names = "--broker-password-file", paramLabel = "FILE",
            description = "File whose first line is the password of --broker-user.")
    Path brokerPasswordFile;

    @Option(names = "--broker-tls-port", paramLabel = "PORT", defaultValue = "-1",
            description = "Also listen for MQTT over TLS on 127.0.0.1:PORT (0 picks a free one), with a self-signed certificate "
                    + "made at start unless --broker-cert/--broker-key; the modem trusts it for AT+MQTTOPEN=...,2 (its path is printed).")
    int brokerTlsPort;

    @Option(names = "--broker-cert", paramLabel = "PEM", description = "The TLS listener's certificate (chain), PEM.")
    Path brokerCert;

    @Option(names = "--broker-key", paramLabel = "PEM", description = "The TLS listener's private key, PEM (PKCS#8).")
    Path brokerKey;

    @Option(names = "--broker-persistence", paramLabel = "DIR",
            description = "Keep the embedded broker's sessions and retained messages in DIR across restarts (default: in memory only).")
    Path brokerPersistence;

    private dev.l610.broker.EmbeddedBroker.Options brokerOptions() {
        var o = new dev.l610.broker.EmbeddedBroker.Options();
        if ((brokerUser == null) != (brokerPasswordFile == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--broker-user and --broker-password-file go together");
        }
        if (brokerUser != null) {
            try {
                String pw = java.nio.file.Files.readAllLines(brokerPasswordFile).stream().findFirst().orElse("");
                o.user(brokerUser, pw);
            } catch (java.io.IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--broker-password-file " + brokerPasswordFile + ": " + e.getMessage());
            }
        }
        if ((brokerCert == null) != (brokerKey == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--broker-cert and --broker-key go together");
        }
        if (brokerCert != null && brokerTlsPort < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--broker-cert needs --broker-tls-port");
        }
        if (brokerTlsPort > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--broker-tls-port must be 0..65535, was " + brokerTlsPort);
        }
        if (brokerTlsPort >= 0) {
            o.tlsPort(brokerTlsPort);
            if (brokerCert != null) {
                o.certificate(brokerCert, brokerKey);
            }
        }
        if (brokerPersistence != null) {
            o.persistence(brokerPersistence);
        }
        return o;
    }

    /** One line on stderr when the broker has a TLS listener: where it is and the CA PEM a client must trust. */
    private void printBrokerTls(VirtualL610 l610) {
        if (l610.broker() != null && l610.broker().tlsAddress() != null) {
            var a = l610.broker().tlsAddress();
            System.err.println("l610: broker TLS on " + a.getHostString() + ":" + a.getPort() + ", CA certificate " + l610.broker().caPem());
        }
    }

    // --- end of the broker's options ---

    @Option(names = "--gateway-port", paramLabel = "PORT", defaultValue = "1885",
            description = "UDP port of the MQTT-SN gateway on 127.0.0.1, for client ids 101/102 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int gatewayPort;

    @Option(names = "--no-gateway", description = "Do not start the MQTT-SN gateway.")
    boolean noGateway;

    @Option(names = "--gateway-broker", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            description = "The MQTT broker the gateway bridges to (default: the embedded broker).")
    HostPort gatewayBroker;

    @Option(names = "--predefined", paramLabel = "FILE",
            description = "Predefined MQTT-SN topics for the gateway: one '<id> <topic name>' per line (or Paho's 'ClientId,TopicName,TopicId'), '#' starts a comment.")
    Path predefined;

    @Option(names = "--gateway-broker-user", paramLabel = "USER",
            description = "MQTT user name of the gateway's broker connections (default: --broker-user when it bridges to the embedded broker).")
    String gatewayBrokerUser;

    @Option(names = "--gateway-broker-password-file", paramLabel = "FILE", description = "File whose first line is the password of --gateway-broker-user.")
    Path gatewayBrokerPasswordFile;

    @Option(names = "--gateway-broker-credentials", paramLabel = "FILE",
            description = "Per MQTT-SN client: '<client id> <user> [<password>]' lines, ahead of --gateway-broker-user.")
    Path gatewayBrokerCredentials;

    @Option(names = "--gateway-broker-tls", description = "The gateway connects to --gateway-broker over TLS, trusting the JVM's CAs or --gateway-ca-file.")
    boolean gatewayBrokerTls;

    @Option(names = "--gateway-ca-file", paramLabel = "PEM", description = "Trust only these CA certificates (PEM) for the gateway's broker; implies --gateway-broker-tls.")
    Path gatewayCaFile;

    @Option(names = "--gateway-max-clients", paramLabel = "N",
            description = "MQTT-SN clients at once (default " + dev.l610.mqttsn.gateway.MqttSnGatewayBuilder.DEFAULT_MAX_SESSIONS + ").")
    Integer gatewayMaxClients;

    @Option(names = "--gateway-max-pending", paramLabel = "N",
            description = "Broker messages queued per MQTT-SN client, also while it sleeps (default "
                    + dev.l610.mqttsn.gateway.MqttSnGatewayBuilder.DEFAULT_MAX_QUEUED_PER_SESSION + ").")
    Integer gatewayMaxPending;

    @Option(names = "--gateway-max-topics", paramLabel = "N",
            description = "Topic ids per MQTT-SN client (default " + dev.l610.mqttsn.gateway.MqttSnGatewayBuilder.DEFAULT_MAX_TOPICS_PER_SESSION + ").")
    Integer gatewayMaxTopics;

    @Option(names = "--transcript", paramLabel = "FILE",
            description = "Append a timestamped log of every byte on the serial line to FILE (>> host to modem, << modem to host).")
    Path transcript;

    @Option(names = "--scenario", paramLabel = "FILE",
            description = "Run the scenario FILE (YAML: timed and triggered faults, scripted answers, expectations; docs/scenarios.md) "
                    + "from the start; each step and verdict is logged on stderr. See 'l610 scenario --help'.")
    Path scenario;

    @Option(names = "--mask-secrets", description = "Write +MQTTUSER passwords as \"***\" in the transcript.")
    boolean maskSecrets;

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "CA certificates (PEM) trusted for +MQTTOPEN with TLS, beside the JVM's own.")
    Path caFile;

    @Option(names = "--outcome-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long +MQTTOPEN/SUB/PUB/... wait for their outcome before reporting status 0 (default: ${DEFAULT-VALUE}).")
    int outcomeTimeout;

    @CommandLine.Mixin
    ModemOptions modemOptions = new ModemOptions();

    @Option(names = {"-v", "--verbose"}, description = "Log connections and events to stderr (-vv: debug).")
    boolean verbose;

    @Option(names = "-vv", hidden = true)
    boolean debug;

    /** Completes when the server should stop: a signal, the end of stdin with --stdio, or a test. */
    final CompletableFuture<String> stop = new CompletableFuture<>();
    private VirtualL610 running;

    @Override
    public Integer call() throws Exception {
        if (outcomeTimeout < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--outcome-timeout must be at least 1 second");
        }
        if (caFile != null && !java.nio.file.Files.isReadable(caFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ca-file " + caFile + ": "
                    + (java.nio.file.Files.exists(caFile) ? "cannot read it" : Errors.explain(new java.nio.file.NoSuchFileException(caFile.toString()))));
        }
        for (var f : new Object[][] {{"--pty", pty}, {"--transcript", transcript}}) {
            Path file = (Path) f[1];
            String wrong = file == null ? null
                    : java.nio.file.Files.isDirectory(file) ? "is a directory" : Errors.missingDirectory(file);
            if (wrong != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), f[0] + " " + f[1] + ": " + wrong);
            }
        }
        boolean tcpLine = !(stdio || pty != null || serial != null || connect != null) || listenGiven();
        for (var a : new Object[][] {{"--listen", tcpLine ? listen : null}, {"--control", noControl ? null : control}}) {
            String wrong = a[1] == null ? null : ((HostPort) a[1]).notBindable();
            if (wrong != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), a[0] + " " + a[1] + ": " + wrong);
            }
        }
        if (gatewayBroker != null && gatewayBroker.unresolved() != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--gateway-broker " + gatewayBroker + ": " + gatewayBroker.unresolved());
        }
        if (brokerPort < 0 || brokerPort > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--broker-port must be 0..65535, was " + brokerPort);
        }
        if (gatewayPort < 0 || gatewayPort > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--gateway-port must be 0..65535, was " + gatewayPort);
        }
        if (baud < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--baud must be positive, was " + baud);
        }
        dev.l610.modem.SimSetting simSetting = modemOptions.simSetting();
        dev.l610.modem.TimingProfile timingProfile = modemOptions.timingProfile();
        ModemConfig config;
        try {
            config = ModemConfig.builder().imei(imei).firmware(firmware).operator(operator).ip(ip).caFile(caFile)
                    .outcomeTimeout(java.time.Duration.ofSeconds(outcomeTimeout)).throttleBaud(throttle ? baud : 0)
                    .sim(simSetting).timing(timingProfile).seed(modemOptions.seed).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--imei: " + e.getMessage());
        }
        VirtualL610.Builder b = VirtualL610.builder().config(config).maskSecrets(maskSecrets)
                .brokerPort(noBroker ? -1 : brokerPort).brokerOptions(brokerOptions())
                // --stdio, --pty, --serial and --connect replace the TCP line unless --listen is given too
                .listen(tcpLine ? listen.socketAddress() : null)
                .control(noControl ? null : control.socketAddress());
        boolean gatewayAsked = spec.commandLine().getParseResult().hasMatchedOption("--gateway-port") || gatewayBroker != null;
        if (noGateway || (noBroker && !gatewayAsked)) {
            b.noGateway(); // without a broker the gateway has nothing to bridge to, unless told where
        } else {
            b.gatewayPort(gatewayPort);
            if (gatewayBroker != null) {
                b.gatewayBroker(gatewayBroker.socketAddress());
            }
            if (predefined != null) {
                b.predefinedTopics(GatewayCommand.loadTopics(spec, predefined));
            }
            GatewayBrokerSide side = new GatewayBrokerSide();
            side.user = gatewayBrokerUser;
            side.passwordFile = gatewayBrokerPasswordFile;
            if (gatewayBrokerUser == null && gatewayBroker == null && brokerUser != null) {
                side.user = brokerUser; // the embedded broker wants a login: the gateway has it
                side.passwordFile = brokerPasswordFile;
            }
            side.credentialsFile = gatewayBrokerCredentials;
            side.caFile = gatewayCaFile;
            side.tls = gatewayBrokerTls || gatewayCaFile != null;
            side.maxClients = gatewayMaxClients;
            side.maxPending = gatewayMaxPending;
            side.maxTopics = gatewayMaxTopics;
            side.apply(spec, "--gateway-", dev.l610.mqttsn.gateway.MqttSnGateway.builder().broker("127.0.0.1", 1)); // checks now
            b.gatewaySetup(g -> side.apply(spec, "--gateway-", g));
        }
        if (transcript != null) {
            b.transcript(transcript, maskSecrets);
        }
        if (pty != null) {
            b.pty(pty);
        }
        if (scenario != null) {
            b.scenario(scenario).scenarioLog(line -> System.err.println("l610: scenario: " + line));
        }
        if (serial != null) {
            b.serial(serial, baud);
        }
        if (connect != null) {
            if (connect.unresolved() != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--connect " + connect + ": " + connect.unresolved());
            }
            b.connect(connect.socketAddress());
        }
        if (stdio) {
            b.stdio(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
        }
        Thread hook = new Thread(() -> {
            if (stop.complete("signal")) {
                closeRunning();
                System.err.println("l610: stopped");
            }
        }, "l610-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            synchronized (this) {
                running = b.start();
            }
            PrintWriter readyOut = stdio ? spec.commandLine().getErr() : spec.commandLine().getOut();
            readyOut.println(running.readyLine());
            readyOut.flush();
            printBrokerTls(running);
            if (running.controlAddress() != null) { // the control API's web console (stderr: stdout carries only READY)
                var c = running.controlAddress();
                spec.commandLine().getErr().println("l610: web console: http://" + c.getHostString() + ":" + c.getPort() + "/");
                spec.commandLine().getErr().flush();
            }
            running.stdioEnded().thenRun(() -> stop.complete("end of input"));
            stop.join();
            return 0;
        } finally {
            if (!"signal".equals(stop.getNow(""))) {
                closeRunning();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // already shutting down
                }
            }
        }
    }

    private boolean listenGiven() {
        return spec.commandLine().getParseResult().hasMatchedOption("--listen");
    }

    private synchronized void closeRunning() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

}
