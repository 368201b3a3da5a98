package dev.l610.cli;

import dev.l610.mqttsn.MqttSnRuntime;
import dev.l610.mqttsn.gateway.MqttSnGateway;
import dev.l610.mqttsn.gateway.PredefinedTopics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** {@code l610 gateway}: the MQTT-SN gateway alone, for any MQTT-SN client and any broker. */
@Command(name = "gateway",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the MQTT-SN 1.2 gateway alone, for any MQTT-SN client and any broker.",
            "",
            "MQTT-SN clients on UDP, one MQTT connection each to --broker (a transparent gateway). Prints 'READY mqttsn=HOST:PORT broker=HOST:PORT' once it listens. Ctrl-C stops it."},
        sortOptions = false)
public final class GatewayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--broker", paramLabel = "HOST:PORT", required = true, converter = HostPort.Converter.class,
            description = "The MQTT broker to bridge to.")
    HostPort broker;

    @Option(names = "--listen", paramLabel = "HOST:PORT", converter = HostPort.Converter.class, defaultValue = "127.0.0.1:1885",
            description = "UDP address of the gateway (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    HostPort listen;

    @Option(names = "--predefined", paramLabel = "FILE",
            description = "Predefined topics: one '<id> <topic name>' per line, '#' starts a comment.")
    Path predefined;

    final CompletableFuture<String> stop = new CompletableFuture<>();

    @Override
    public Integer call() {
        String wrong = listen.notBindable() != null ? "--listen " + listen + ": " + listen.notBindable()
                : broker.unresolved() != null ? "--broker " + broker + ": " + broker.unresolved() : null;
        if (wrong != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), wrong);
        }
        var b = MqttSnGateway.builder().bind(listen.socketAddress()).broker(broker.host(), broker.port());
        if (predefined != null) {
            b.predefinedTopics(loadTopics(spec, predefined));
        }
        try (MqttSnRuntime runtime = MqttSnRuntime.create()) {
            MqttSnGateway gateway;
            try {
                gateway = b.runtime(runtime).build().start();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cannot start the MQTT-SN gateway on UDP " + listen + ": " + e.getMessage(), e);
            }
            Thread hook = new Thread(() -> {
                if (stop.complete("signal")) {
                    gateway.close();
                    System.err.println("l610: gateway stopped");
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            spec.commandLine().getOut().println("READY mqttsn=" + HostPort.format(gateway.localAddress()) + " broker=" + broker);
            spec.commandLine().getOut().flush();
            if (!"signal".equals(stop.join())) {
                gateway.close();
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            return 0;
        }
    }

    static PredefinedTopics loadTopics(CommandLine.Model.CommandSpec spec, Path file) {
        if (java.nio.file.Files.isDirectory(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--predefined " + file + ": is a directory");
        }
        try {
            return PredefinedTopics.load(file);
        } catch (java.nio.file.FileSystemException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--predefined " + file + ": " + Errors.explain(e));
        } catch (IOException | RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--predefined " + file + ": " + e.getMessage());
        }
    }
}
