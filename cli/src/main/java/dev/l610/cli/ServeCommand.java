package dev.l610.cli;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.link.StdioLink;
import dev.l610.link.TcpModemServer;
import dev.l610.link.Transcript;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.VirtualModem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** {@code l610 serve}: one virtual L610 on a TCP port (or stdio), with an embedded MQTT broker. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs one virtual L610. Each TCP connection to --listen is the modem's serial line (one host at a",
            "time); with --stdio the serial line is stdin/stdout instead. An embedded MQTT broker starts on",
            "127.0.0.1 unless --no-broker is given.",
            "",
            "When everything is up, one line is printed on stdout (on stderr with --stdio):",
            "  READY at=127.0.0.1:5610 mqtt=127.0.0.1:1883 mqttsn=- control=-",
            "('-' for a part that is not running). Stop with Ctrl-C or SIGTERM."},
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

    @Option(names = "--no-broker", description = "Do not start the embedded MQTT broker.")
    boolean noBroker;

    @Option(names = "--transcript", paramLabel = "FILE",
            description = "Append a timestamped log of every byte on the serial line to FILE (>> host to modem, << modem to host).")
    Path transcript;

    @Option(names = "--mask-secrets", description = "Write +MQTTUSER passwords as \"***\" in the transcript.")
    boolean maskSecrets;

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "CA certificates (PEM) trusted for +MQTTOPEN with TLS, beside the JVM's own.")
    Path caFile;

    @Option(names = "--outcome-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long +MQTTOPEN/SUB/PUB/... wait for their outcome before reporting status 0 (default: ${DEFAULT-VALUE}).")
    int outcomeTimeout;

    @Option(names = {"-v", "--verbose"}, description = "Log connections and events to stderr (-vv: debug).")
    boolean verbose;

    @Option(names = "-vv", hidden = true)
    boolean debug;

    /** Completes when the server should stop: a signal, the end of stdin with --stdio, or a test. */
    final CompletableFuture<String> stop = new CompletableFuture<>();

    @Override
    public Integer call() throws Exception {
        if (outcomeTimeout < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--outcome-timeout must be at least 1 second");
        }
        if (caFile != null && !java.nio.file.Files.isReadable(caFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ca-file: cannot read " + caFile);
        }
        if (brokerPort < 0 || brokerPort > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--broker-port must be 0..65535, was " + brokerPort);
        }
        ModemConfig config;
        try {
            config = ModemConfig.builder().imei(imei).firmware(firmware).operator(operator).ip(ip).caFile(caFile)
                    .outcomeTimeout(java.time.Duration.ofSeconds(outcomeTimeout)).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--imei: " + e.getMessage());
        }
        Deque<AutoCloseable> running = new ArrayDeque<>();
        Thread hook = new Thread(() -> {
            if (stop.complete("signal")) {
                closeAll(running);
                System.err.println("l610: stopped");
            }
        }, "l610-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String mqtt = "-";
            if (!noBroker) {
                EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", brokerPort);
                running.push(broker);
                mqtt = HostPort.format(broker.address());
            }
            ModemRuntime runtime = ModemRuntime.create();
            running.push(runtime);
            VirtualModem modem = new VirtualModem(config, runtime);
            running.push(modem);
            if (transcript != null) {
                Transcript t = Transcript.open(transcript, maskSecrets);
                modem.addTap(t);
                running.push(t);
            }
            String at;
            PrintWriter readyOut;
            if (stdio) {
                StdioLink link = StdioLink.start(modem, new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
                running.push(link);
                link.ended().thenRun(() -> stop.complete("end of input"));
                at = "stdio";
                readyOut = spec.commandLine().getErr();
            } else {
                TcpModemServer server = TcpModemServer.start(modem, listen.socketAddress());
                running.push(server);
                at = HostPort.format(server.address());
                readyOut = spec.commandLine().getOut();
            }
            readyOut.println("READY at=" + at + " mqtt=" + mqtt + " mqttsn=- control=-");
            readyOut.flush();
            String why = stop.join();
            if (!"signal".equals(why)) {
                closeAll(running);
            }
            return 0;
        } finally {
            if (!"signal".equals(stop.getNow(""))) {
                closeAll(running);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // already shutting down
                }
            }
        }
    }

    private static void closeAll(Deque<AutoCloseable> running) {
        synchronized (running) {
            AutoCloseable c;
            while ((c = running.poll()) != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort on the way out
                }
            }
        }
    }
}
