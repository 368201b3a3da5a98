package dev.l610.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code l610 serve} as its own JVM, as a user runs it: what reaches stderr when a fault cuts a broker
 * connection (logging is set up once per process, so this cannot run in the test's JVM).
 */
class ServeProcessTest {

    private static final Pattern READY = Pattern.compile(
            "READY at=127\\.0\\.0\\.1:(\\d+) mqtt=127\\.0\\.0\\.1:(\\d+) mqttsn=\\S+ control=(127\\.0\\.0\\.1:\\d+)");

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** A running l610 and the files its stdout and stderr go to. */
    private record Serve(Process process, Path outFile, Path errFile) {
        String out() {
            return read(outFile);
        }

        String err() {
            return read(errFile);
        }

        private static String read(Path f) {
            try {
                return java.nio.file.Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @org.junit.jupiter.api.io.TempDir
    Path dir;

    private Serve start(List<String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Runtime.version().feature() >= 24) {
            // what ./l610 and the jar's manifest give the tool on Java 24+ (no Unsafe / native-access warnings)
            cmd.addAll(List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), L610.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        for (int i = 0; i + 1 < env.size(); i += 2) {
            pb.environment().put(env.get(i), env.get(i + 1));
        }
        Path out = java.nio.file.Files.createTempFile(dir, "out", ".txt");
        Path err = java.nio.file.Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        started.add(p);
        return new Serve(p, out, err);
    }

    private Matcher serve(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("serve", "--listen", "127.0.0.1:0", "--broker-port", "0", "--gateway-port", "0",
                "--control", "127.0.0.1:0"));
        args.addAll(List.of(extra));
        current = start(List.of(), args.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(60)).until(() -> READY.matcher(current.out()).find() || !current.process().isAlive());
        Matcher m = READY.matcher(current.out());
        assertThat(m.find()).as("READY; stderr: " + current.err()).isTrue();
        return m;
    }

    private Serve current;

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!got.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            got.write(b);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    /** Opens client 1, has the control API reset its broker connection ({@code l610 fault} as a process, via L610_CONTROL), opens it again. */
    private void cutABrokerConnection(Matcher ready) throws Exception {
        try (Socket s = new Socket("127.0.0.1", Integer.parseInt(ready.group(1)))) {
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            String open = "AT+MQTTOPEN=1,\"127.0.0.1\"," + ready.group(2) + ",1,60\r";
            s.getOutputStream().write(("ATE0\r" + open).getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(in, "+MQTTOPEN: 1,1\r\n")).endsWith("+MQTTOPEN: 1,1\r\n");
            Serve fault = start(List.of("L610_CONTROL", ready.group(3)), "fault", "broker-kill", "--client", "1");
            assertThat(fault.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(fault.process().exitValue()).as(fault.err()).isZero();
            assertThat(readUntil(in, "+MQTTBREAK: 1,1\r\n")).endsWith("+MQTTBREAK: 1,1\r\n");
            // the broker has dealt with the cut connection by the time it accepts the next one of the same id
            s.getOutputStream().write(open.getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(in, "+MQTTOPEN: 1,1\r\n")).endsWith("+MQTTOPEN: 1,1\r\n");
        }
    }

    @Test
    void aCutBrokerConnectionAndAStopWithAClientOpenLeaveStderrQuietByDefault() throws Exception {
        Matcher ready = serve();
        cutABrokerConnection(ready);
        current.process().destroy(); // SIGTERM
        assertThat(current.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(current.err())
                .as("exit " + current.process().exitValue() + ", stdout " + current.out()).contains("l610: stopped"));
        // SIGTERM came with client 1 open and no host on the line: the MQTT client's late news of the cut
        // connection must not meet a stopped event loop (VirtualL610.close) either
        // (the one line before is where the web console is)
        assertThat(current.err()).isEqualTo("l610: web console: http://" + ready.group(3) + "/" + System.lineSeparator()
                + "l610: stopped" + System.lineSeparator());
    }

    /** -v: the broker says in one line that a connection was cut (EmbeddedBroker logs it; no stack trace since issue 16). */
    @Test
    void verboseShowsTheBrokersConnectionErrors() throws Exception {
        cutABrokerConnection(serve("-v"));
        await().atMost(Duration.ofSeconds(30)).until(() -> current.err().contains("dev.l610.broker.EmbeddedBroker - MQTT connection from"));
        assertThat(current.err()).doesNotContain("\tat ");
    }

    @Test
    void brokerTlsPortPrintsTheListenerAndItsCaCertificate() throws Exception {
        Path pw = java.nio.file.Files.writeString(dir.resolve("pw"), "s3cret\n");
        serve("--broker-tls-port", "0", "--broker-user", "alice", "--broker-password-file", pw.toString(), "--no-gateway");
        await().atMost(Duration.ofSeconds(30)).until(() -> current.err().contains("CA certificate"));
        assertThat(current.err()).containsPattern("l610: broker TLS on 127\\.0\\.0\\.1:\\d+, CA certificate .*\\.pem");
    }
}
