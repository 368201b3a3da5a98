package dev.l610.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code l610} command: a virtual Fibocom L610 and the tools around it. */
@Command(name = "l610",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "A virtual Fibocom L610 cellular module: its MQTT AT command set over TCP, stdio or a serial",
            "device, backed by real MQTT and MQTT-SN connections.",
            "",
            "Start with:  l610 serve     then talk AT to it:  nc 127.0.0.1 5610"},
        subcommands = {ServeCommand.class, ConsoleCommand.class, GatewayCommand.class, FaultCommand.class, StatusCommand.class, CommandLine.HelpCommand.class})
public final class L610 implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.configure(args);
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests run it in-process). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new L610());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("l610: " + Errors.describe(e));
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
