package dev.l610.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code l610} command: a virtual Fibocom L610 and the tools around it. */
@Command(name = "l610",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "A virtual Fibocom L610 cellular module: its MQTT AT command set over TCP, stdio, a pseudo-terminal "
                    + "or a serial port, backed by real MQTT and MQTT-SN connections.",
            "",
            "Start with 'l610 serve', then talk AT to it from another terminal with one of",
            "  nc -C 127.0.0.1 5610",
            "  socat - TCP:127.0.0.1:5610,crlf",
            "The modem ends a command line at CR, as a real module does: plain 'nc' sends LF only and gets no answer."},
        subcommands = {ServeCommand.class, ConsoleCommand.class, GatewayCommand.class, FaultCommand.class, InjectCommand.class,
            StatusCommand.class, ScenarioCommand.class, FleetCommand.class, ReportCommand.class,
            CompletionCommand.class, CommandLine.HelpCommand.class})
public final class L610 implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.configure(args);
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests run it in-process). */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new L610()));
    }

    /**
     * What every l610 command line gets, the top one and a subcommand's alone (tests): help wrapped once,
     * at the terminal's width; {@code --version} on every command; one-line errors.
     */
    static CommandLine configure(CommandLine cl) {
        cl.setUsageHelpAutoWidth(true);
        cl.setParameterExceptionHandler(L610::usageError);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("l610: " + Errors.describe(e));
            cmd.getErr().flush();
            return 1;
        });
        withVersion(cl);
        return cl;
    }

    private static void withVersion(CommandLine cl) {
        if (cl.getCommandSpec().mixinStandardHelpOptions()) {
            cl.getCommandSpec().versionProvider(new Version());
        }
        cl.getSubcommands().values().forEach(L610::withVersion);
    }

    /** {@code l610: unknown option '--foo'} and where to look, instead of the whole help; exit code 2. */
    static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("l610: " + Errors.usageMessage(ex.getMessage()));
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            err.println("Did you mean: " + String.join(" or ", u.getSuggestions()) + "?");
        }
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
