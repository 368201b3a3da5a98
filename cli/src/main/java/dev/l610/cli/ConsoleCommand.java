package dev.l610.cli;

import dev.l610.embed.VirtualL610;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.VirtualModem;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** {@code l610 console}: the modem on your terminal, with line editing, history and completion. */
@Command(name = "console",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a virtual L610 on this terminal, with line editing, history and completion.",
            "",
            "Type AT commands with line editing and history; Tab completes command names and shows each command's parameters (its =? answer). Answers and URCs "
                    + "appear above the line you are typing. After a '>' prompt (+MQTTPUB/+MQTTWILL with a datasize) the "
                    + "next line is sent as raw data, without CR. Ctrl-D or Ctrl-C quits.",
            "",
            "An embedded MQTT broker and MQTT-SN gateway start on free 127.0.0.1 ports (shown at start)."},
        sortOptions = false)
public final class ConsoleCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--broker-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of the embedded MQTT broker (default: ${DEFAULT-VALUE}, a free one).")
    int brokerPort;

    @Option(names = "--no-broker", description = "No embedded broker (and so no gateway).")
    boolean noBroker;

    @Option(names = "--control", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            description = "Also start the control API here, for 'l610 fault' (default: none).")
    HostPort control;

    @Option(names = "--imei", paramLabel = "IMEI", description = "IMEI (default: " + ModemConfig.DEFAULT_IMEI + ").")
    String imei = ModemConfig.DEFAULT_IMEI;

    @CommandLine.Mixin
    ModemOptions modemOptions = new ModemOptions();

    @Option(names = {"-v", "--verbose"}, description = "Log connections and events to stderr (-vv: debug).")
    boolean verbose;

    @Option(names = "-vv", hidden = true)
    boolean debug;

    @Option(names = "--history", paramLabel = "FILE", description = "History file (default: ~/.l610_history).")
    Path history = Path.of(System.getProperty("user.home"), ".l610_history");

    private volatile LineReader reader;
    private final ByteArrayOutputStream pendingLine = new ByteArrayOutputStream();
    private volatile boolean dataPrompt;
    private volatile int swallow;
    private final dev.l610.modem.LineSink sink = this::show;

    @Override
    public Integer call() throws Exception {
        ModemConfig config;
        try {
            config = ModemConfig.builder().imei(imei).sim(modemOptions.simSetting())
                    .timing(modemOptions.timingProfile()).seed(modemOptions.seed).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--imei: " + e.getMessage());
        }
        VirtualL610.Builder b = VirtualL610.builder().config(config).listen(null)
                .control(control == null ? null : control.socketAddress());
        if (noBroker) {
            b.noBroker().noGateway();
        } else {
            b.brokerPort(brokerPort).gatewayPort(0);
        }
        try (VirtualL610 l610 = b.start(); Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            VirtualModem modem = l610.modem();
            LineReader r = LineReaderBuilder.builder().terminal(terminal).appName("l610")
                    .completer(new AtCompleter(modem))
                    .variable(LineReader.HISTORY_FILE, history)
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .build();
            reader = r;
            // Raw mode for the whole session, not only inside readLine: keys typed while an answer is
            // being printed (between two readLine calls) would otherwise meet the tty's canonical mode,
            // which turns a Ctrl-D into an end-of-file marker that raw mode then reads as NUL (the
            // console never quit), and CR into LF.
            Attributes cooked = terminal.enterRawMode();
            try {
                swallow = 1; // the answer to our own ATE0: the console shows what you type, the modem need not
                modem.attachHost(sink);
                modem.input("ATE0\r".getBytes(StandardCharsets.US_ASCII));
                terminal.writer().println("Virtual L610 (IMEI " + config.imei() + "). MQTT broker " + addr(l610.brokerAddress())
                        + ", MQTT-SN gateway " + addr(l610.gatewayAddress()) + ", control API " + addr(l610.controlAddress()) + ".");
                terminal.writer().println("Type AT commands; Tab completes; Ctrl-D quits.");
                terminal.flush();
                readLines(r, modem);
                modem.detachHost(sink);
            } finally {
                terminal.setAttributes(cooked);
            }
        }
        return 0;
    }

    /** Reads lines until Ctrl-D or Ctrl-C; each goes to the modem, and its answer prints before the next prompt. */
    private void readLines(LineReader r, VirtualModem modem) throws Exception {
        while (true) {
            String line;
            try {
                line = r.readLine(dataPrompt ? "data> " : "l610> ");
            } catch (UserInterruptException | EndOfFileException e) {
                return;
            }
            if (dataPrompt) {
                dataPrompt = false;
                modem.input(line.getBytes(StandardCharsets.ISO_8859_1));
            } else if (!line.isBlank()) {
                modem.input((line.trim() + "\r").getBytes(StandardCharsets.ISO_8859_1));
            }
            modem.call(m -> null).join(); // the answer prints before the next prompt
        }
    }

    private static String addr(InetSocketAddress a) {
        return a == null ? "-" : a.getHostString() + ":" + a.getPort();
    }

    /** Modem output: cut into lines and printed above the line being typed. */
    private void show(byte[] data) {
        synchronized (pendingLine) {
            for (byte b : data) {
                if (b == '\n') {
                    continue;
                }
                if (b == '\r') {
                    emit(pendingLine.toString(StandardCharsets.ISO_8859_1));
                    pendingLine.reset();
                } else {
                    pendingLine.write(b);
                }
            }
        }
    }

    private void emit(String line) {
        if (line.isEmpty()) {
            return;
        }
        if (line.equals(">")) {
            dataPrompt = true; // +MQTTPUB/+MQTTWILL wait for the data block: the next line is sent raw
        }
        if (swallow > 0 && (line.equals("OK") || line.equals("ATE0") || line.isEmpty())) {
            if (line.equals("OK")) {
                swallow--;
            }
            return; // the answer to our own ATE0; a URC (the +SIM READY of boot) is still shown
        }
        LineReader r = reader;
        String shown = printable(line);
        if (r != null) {
            r.printAbove(shown);
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\x%02x", (int) c));
            }
        }
        return b.toString();
    }

    /** Completes command names; after {@code =} shows the command's parameters from its test form. */
    static final class AtCompleter implements Completer {
        private final VirtualModem modem;
        private final Map<String, String> hints = new ConcurrentHashMap<>();

        AtCompleter(VirtualModem modem) {
            this.modem = modem;
        }

        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            String typed = line.line().substring(0, line.cursor());
            String upper = typed.toUpperCase(java.util.Locale.ROOT);
            int eq = upper.indexOf('=');
            if (eq > 2 && upper.startsWith("AT+")) {
                String name = upper.substring(2, eq);
                String hint = hint(name);
                // nothing to complete inside parameters: show what they are above the line instead
                reader.printAbove(hint.isEmpty() ? "AT" + name + ": no parameter list" : "AT" + name + "=" + hint);
                return;
            }
            for (String name : modem.commandNames()) {
                String value = "AT" + name;
                if (value.startsWith(upper) || upper.isEmpty()) {
                    String hint = name.startsWith("+") ? hint(name) : "";
                    candidates.add(new Candidate(value, value, null, hint.isEmpty() ? null : hint, null, null, !name.startsWith("+")));
                }
            }
        }

        private String hint(String name) {
            return hints.computeIfAbsent(name, n -> {
                try {
                    List<String> lines = modem.testForm(n).get(2, TimeUnit.SECONDS);
                    return String.join(" ", lines).replaceFirst("^\\+[A-Z]+: ", "");
                } catch (Exception e) {
                    return "";
                }
            });
        }
    }
}
