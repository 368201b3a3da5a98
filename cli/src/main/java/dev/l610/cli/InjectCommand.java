package dev.l610.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code l610 inject LINE}: a line to the host of a running {@code l610 serve}, as a URC, through its control API. */
@Command(name = "inject", mixinStandardHelpOptions = true,
        description = {
            "Sends a line to the host of a running 'l610 serve' as a URC (\\r\\n<LINE>\\r\\n), as a real module sends stray lines:",
            "  l610 inject 'RDY'",
            "  l610 inject '+CPIN: NOT READY'",
            "Quote the line for the shell. It is one line of at most 1024 characters without control characters; "
                    + "the modem writes it when no command is running (as every URC).",
            "",
            "The same over HTTP (a POST needs the header X-L610):",
            "  curl -X POST -H 'X-L610: 1' --data-binary 'RDY' http://127.0.0.1:5611/line/urc"})
public final class InjectCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LINE", description = "The line, without CR LF.")
    String line;

    @Option(names = "--control", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            description = FaultCommand.ControlClient.CONTROL_HELP)
    HostPort control;

    @Override
    public Integer call() throws Exception {
        return FaultCommand.ControlClient.call(spec, control, "POST", "/line/urc?line="
                + URLEncoder.encode(line, StandardCharsets.UTF_8).replace("+", "%20"));
    }
}
