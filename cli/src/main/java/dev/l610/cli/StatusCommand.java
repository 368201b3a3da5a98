package dev.l610.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code l610 status} / {@code l610 transcript}: read a running {@code l610 serve} through its control API. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Prints the network state, each MQTT client's state and counters of a running 'l610 serve' (JSON).")
public final class StatusCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--control", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            description = FaultCommand.ControlClient.CONTROL_HELP)
    HostPort control;

    @Option(names = "--transcript", description = "Print the serial line's transcript instead.")
    boolean transcript;

    @Override
    public Integer call() throws Exception {
        return FaultCommand.ControlClient.call(spec, control, "GET", transcript ? "/transcript" : "/status");
    }
}
