package dev.l610.cli;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code l610 console} in a real pseudo-terminal: keys in, screen out (escape sequences stripped). */
@EnabledOnOs(OS.LINUX)
class ConsoleCommandTest {

    @TempDir
    Path dir;
    private PtyProcess process;
    private final StringBuffer screen = new StringBuffer();

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private void start(String... extra) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("TERM", "xterm");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.l610.cli.L610", "console", "--no-broker", "--control", "127.0.0.1:0", "--history", dir.resolve("h").toString()));
        cmd.addAll(List.of(extra));
        process = new PtyProcessBuilder(cmd.toArray(String[]::new))
                .setEnvironment(env).setInitialColumns(120).setInitialRows(40).start();
        InputStream in = process.getInputStream();
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    screen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /** The screen text without ANSI escape sequences. */
    private String text() {
        return screen.toString().replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").replaceAll("\u001b[=>]", "").replace("\r", "");
    }

    private void waitFor(String s) {
        await().atMost(Duration.ofSeconds(30)).until(() -> text().contains(s));
    }

    /** Polls the screen as fast as a person's fingers are not: keys typed the moment an answer shows. */
    private void waitClosely(String s) {
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> text().contains(s));
    }

    private void type(String keys) throws IOException {
        OutputStream out = process.getOutputStream();
        out.write(keys.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void completionAnswersAndUrcsAboveTheLineBeingTyped() throws Exception {
        start();
        waitFor("Ctrl-D quits.");
        Matcher m = Pattern.compile("control API 127\\.0\\.0\\.1:(\\d+)").matcher(text());
        assertThat(m.find()).isTrue();
        int control = Integer.parseInt(m.group(1));

        type("AT+CGM\t"); // three candidates: listed
        waitFor("AT+CGMI");
        assertThat(text()).contains("AT+CGMM").contains("AT+CGMR");
        type("M\r");
        waitFor("L610\nOK");

        type("AT+MQTTSU\t"); // one candidate: completed
        type("=\t");          // inside parameters: the =? answer is shown
        waitFor("AT+MQTTSUB=(1,2,101,102),255,(0-2)");
        type("\u0015"); // Ctrl-U: clear the line

        type("AT+CS"); // a half-typed line, then a fault makes URCs arrive
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control + "/faults/radio-off"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("X-L610", "1").build(), HttpResponse.BodyHandlers.ofString());
        waitFor("+MIPCALL: 0");
        type("Q\r"); // the half-typed line survived the URC
        waitFor("+CSQ: 99,99");

        type("AT+MQTTWILL=1,\"dev/will\",0,0,3\r"); // data prompt: the next line is the data block
        waitFor("data> ");
        type("a\"c\r");
        type("AT+MQTTWILL?\r");
        waitFor("+MQTTWILL: 1,\"dev/will\",0,0,\"a\"c\"");
        type("\u0004"); // Ctrl-D
        assertExits();
    }

    /**
     * Keys typed while the console is still between two lines (the answer is on the screen, the next
     * prompt not yet) are not lost: a Ctrl-D typed then used to reach the tty in canonical mode and
     * vanish, and the console never quit.
     */
    @Test
    void ctrlDTypedRightAfterAnAnswerQuits() throws Exception {
        start();
        waitFor("Ctrl-D quits.");
        for (int i = 0; i < 3; i++) {
            type("AT+CGMM\r");
            waitClosely("L610\nOK");
            screen.setLength(0);
        }
        type("AT+CGMM\r");
        waitClosely("L610\nOK");
        type("\u0004");
        assertExits();
    }

    /** The console takes the SIM and timing options of serve: a locked SIM asks for its PIN. */
    @Test
    void simAndTimingOptionsReachTheModem() throws Exception {
        start("--sim", "pin:1234", "--timing", "instant", "--seed", "7");
        waitFor("Ctrl-D quits.");
        type("AT+CPIN?\r");
        waitFor("+CPIN: SIM PIN");
        type("AT+CPIN=\"1234\"\r");
        type("AT+CPIN?\r");
        waitFor("+CPIN: READY");
        type("\u0004");
        assertExits();
    }

    private void assertExits() throws InterruptedException {
        // a bound that only a hang reaches: the console quits in milliseconds
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("console exited after Ctrl-D").isTrue();
        assertThat(process.exitValue()).isZero();
    }
}
