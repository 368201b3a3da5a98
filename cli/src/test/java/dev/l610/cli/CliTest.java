package dev.l610.cli;

import dev.l610.link.LinkException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line's manners: one-line usage errors, --version everywhere, help wrapped once, completion. */
class CliTest {

    private static final String NL = System.lineSeparator();
    private static final List<String> COMMANDS = List.of("serve", "console", "gateway", "fault", "inject", "status", "scenario",
            "fleet", "report", "completion");

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cl = L610.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void aUsageErrorIsOneLineAndAHintNotTheWholeHelp() {
        Result r = run("serve", "--foo");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("l610: unknown option '--foo'" + NL + "Try 'l610 serve --help'." + NL);

        Result typo = run("serve", "--listn", "127.0.0.1:0");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).startsWith("l610: unknown option").contains("Did you mean: --listen?")
                .endsWith("Try 'l610 serve --help'." + NL);

        Result missing = run("fault");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("l610: missing required parameter 'FAULT'" + NL + "Try 'l610 fault --help'." + NL);

        Result command = run("serv");
        assertThat(command.exit()).isEqualTo(2);
        assertThat(command.err()).startsWith("l610: unexpected argument 'serv'").endsWith("Try 'l610 --help'." + NL);
        assertThat(command.err().lines().count()).isLessThanOrEqualTo(3);
    }

    @Test
    void everyCommandHasTheBuildsVersion() {
        for (String c : COMMANDS) {
            Result r = run(c, "--version");
            assertThat(r.exit()).as(c).isZero();
            assertThat(r.out()).as(c).matches("l610 \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(virtual Fibocom L610, MQTT AT command set\\)\\R");
        }
        assertThat(run("-V").out()).isEqualTo("l610 " + Version.number() + " (virtual Fibocom L610, MQTT AT command set)" + NL);
        assertThat(Version.number()).isNotEqualTo("unknown");
    }

    @Test
    void helpIsWrappedOnceAtTheWidth() {
        for (int width : new int[] {80, 120}) {
            for (String c : List.of("", "serve", "console", "gateway", "fault", "status", "completion")) {
                CommandLine cl = L610.commandLine();
                CommandLine cmd = c.isEmpty() ? cl : cl.getSubcommands().get(c);
                cmd.setUsageHelpAutoWidth(false);
                cmd.setUsageHelpWidth(width);
                List<String> lines = cmd.getHelp().description().lines().toList();
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    assertThat(line.length()).as(c + " at width " + width + ": " + line).isLessThanOrEqualTo(width);
                    // a line picocli wrapped ends where the next word would not fit (picocli keeps a column or two free);
                    // a line broken by hand in the source ends earlier, and picocli's wrap then makes it ragged
                    if (i + 1 < lines.size() && !line.isBlank() && !lines.get(i + 1).isBlank() && !lines.get(i + 1).startsWith(" ")
                            && !line.startsWith(" ") && !line.endsWith(":") && !line.endsWith(".")) {
                        String nextWord = lines.get(i + 1).split(" ", 2)[0];
                        assertThat(line.length() + 1 + nextWord.length()).as(c + " at width " + width + ", broken by hand: " + line)
                                .isGreaterThan(width - 3);
                    }
                }
            }
        }
    }

    @Test
    void helpTellsHowToSendCr() {
        assertThat(run("--help").out()).contains("nc -C 127.0.0.1 5610").contains("socat - TCP:127.0.0.1:5610,crlf");
        assertThat(run("serve", "--help").out()).contains("nc -C 127.0.0.1 5610").contains("socat - TCP:127.0.0.1:5610,crlf");
    }

    @Test
    void errorsSayWhatIsWrongNotJustThePath() {
        Result r = run("serve", "--pty", "/nonexistent/dir/tty", "--no-broker", "--no-control", "--no-gateway");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("l610: --pty /nonexistent/dir/tty: no such directory: /nonexistent/dir" + NL);
        Result t = run("serve", "--transcript", "/nonexistent/dir/log", "--no-broker", "--no-control", "--no-gateway");
        assertThat(t.err()).startsWith("l610: --transcript /nonexistent/dir/log: no such directory: /nonexistent/dir" + NL);
        Result p = run("gateway", "--broker", "127.0.0.1:1883", "--predefined", "/nonexistent/topics.txt");
        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.err()).startsWith("l610: --predefined /nonexistent/topics.txt: no such directory: /nonexistent" + NL);

        Result dirAsFile = run("serve", "--transcript", "/tmp", "--no-broker", "--no-control", "--no-gateway");
        assertThat(dirAsFile.err()).startsWith("l610: --transcript /tmp: is a directory" + NL);
        Result notHere = run("serve", "--listen", "192.0.2.1:5610", "--no-broker", "--no-control", "--no-gateway");
        assertThat(notHere.exit()).isEqualTo(2);
        assertThat(notHere.err()).startsWith("l610: --listen 192.0.2.1:5610: 192.0.2.1 is not an address of this machine" + NL);
        Result unknown = run("serve", "--listen", "nothere.invalid:5610", "--no-broker", "--no-control", "--no-gateway");
        assertThat(unknown.err()).startsWith("l610: --listen nothere.invalid:5610: unknown host nothere.invalid" + NL);
        Result fault = run("fault", "radio-of");
        assertThat(fault.exit()).isEqualTo(2);
        assertThat(fault.err()).startsWith("l610: unknown fault 'radio-of'; the faults are radio-off, radio-on,");

        assertThat(Errors.describe(new LinkException("cannot create the symlink /x/y/tty: /x/y/tty", new NoSuchFileException("/x/y/tty"))))
                .isEqualTo("cannot create the symlink /x/y/tty: no such directory: /x/y");
        assertThat(Errors.describe(new java.io.UncheckedIOException(new java.nio.file.AccessDeniedException("/etc/shadow"))))
                .isEqualTo("permission denied: /etc/shadow");
    }

    @Test
    void theControlAddressComesFromTheOptionThenL610Control() {
        CommandLine.Model.CommandSpec spec = L610.commandLine().getSubcommands().get("status").getCommandSpec();
        HostPort given = new HostPort("127.0.0.1", 7000);
        assertThat(FaultCommand.ControlClient.address(spec, given, Map.of("L610_CONTROL", "127.0.0.1:6000"))).isEqualTo(given);
        assertThat(FaultCommand.ControlClient.address(spec, null, Map.of("L610_CONTROL", "127.0.0.1:6000")))
                .isEqualTo(new HostPort("127.0.0.1", 6000));
        assertThat(FaultCommand.ControlClient.address(spec, null, Map.of())).isEqualTo(new HostPort("127.0.0.1", 5611));
        assertThatThrownBy(() -> FaultCommand.ControlClient.address(spec, null, Map.of("L610_CONTROL", "nonsense")))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageStartingWith("L610_CONTROL: 'nonsense' is not HOST:PORT");
        assertThat(run("status", "--help").out()).contains("L610_CONTROL");
        assertThat(run("fault", "--help").out()).contains("L610_CONTROL");
        assertThat(run("inject", "--help").out()).contains("L610_CONTROL");
    }

    @Test
    void completionPrintsABashScript() {
        Result r = run("completion", "bash");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("complete -F").contains("serve").contains("--listen").contains("fault").contains("--control");
        Result fish = run("completion", "fish");
        assertThat(fish.exit()).isEqualTo(2);
        assertThat(fish.err()).startsWith("l610: no completion for 'fish': only bash is supported" + NL);
    }
}
