package dev.l610.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code l610 serve} run in-process, talked to over real sockets. */
class ServeCommandTest {

    private static final Pattern READY =
            Pattern.compile("READY at=127\\.0\\.0\\.1:(\\d+) mqtt=(127\\.0\\.0\\.1:(\\d+)|-) mqttsn=(\\S+) control=(\\S+)\\n");

    /** A running serve command with its captured output. */
    private record Running(ServeCommand cmd, StringWriter out, StringWriter err, CompletableFuture<Integer> exit) {
        Matcher ready() {
            await().atMost(Duration.ofSeconds(20)).until(() -> READY.matcher(out.toString()).find() || exit.isDone());
            Matcher m = READY.matcher(out.toString());
            assertThat(m.find()).as("READY line; stderr: " + err).isTrue();
            return m;
        }

        int stop() {
            cmd.stop.complete("test");
            return exit.join();
        }
    }

    private static Running serve(String... args) {
        ServeCommand cmd = new ServeCommand();
        CommandLine cl = L610.configure(new CommandLine(cmd));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Running(cmd, out, err, CompletableFuture.supplyAsync(() -> cl.execute(args)));
    }

    static String readUntil(InputStream in, String end) throws IOException {
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

    @Test
    void readyLineThenAtOverTcpWithTheEmbeddedBroker() throws IOException {
        Running r = serve("--listen", "127.0.0.1:0", "--broker-port", "0", "--imei", "35693803564380", "--control", "127.0.0.1:0",
                "--gateway-port", "0");
        Matcher m = r.ready();
        assertThat(m.group(2)).isNotEqualTo("-");
        assertThat(m.group(4)).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(m.group(5)).matches("127\\.0\\.0\\.1:\\d+");
        int port = Integer.parseInt(m.group(1));
        int brokerPort = Integer.parseInt(m.group(3));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("ATE0\rAT+CGSN\r".getBytes(StandardCharsets.US_ASCII));
            readUntil(s.getInputStream(), "OK\r\n");
            assertThat(readUntil(s.getInputStream(), "OK\r\n")).isEqualTo("\r\n356938035643809\r\n\r\nOK\r\n");
            s.getOutputStream().write(("AT+MQTTOPEN=1,\"127.0.0.1\"," + brokerPort + ",1,60\r").getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(s.getInputStream(), "+MQTTOPEN: 1,1\r\n")).isEqualTo("\r\nOK\r\n\r\n+MQTTOPEN: 1,1\r\n");
        }
        assertThat(r.stop()).isZero();
    }

    /** --connect: the modem dials out to the "emulator" (a server socket here) and is its serial line. */
    @Test
    void connectMakesTheLineAConnectionToAnEmulator() throws IOException {
        try (java.net.ServerSocket uart = new java.net.ServerSocket(0, 4, java.net.InetAddress.getLoopbackAddress())) {
            uart.setSoTimeout(60_000);
            Running r = serve("--connect", "127.0.0.1:" + uart.getLocalPort(), "--no-broker", "--no-control", "--no-gateway");
            await().atMost(Duration.ofSeconds(20)).until(() -> r.out().toString().contains("READY") || r.exit().isDone());
            assertThat(r.out().toString()).startsWith("READY at=connect:127.0.0.1:" + uart.getLocalPort() + " mqtt=- ");
            try (Socket firmware = uart.accept()) {
                firmware.setSoTimeout(30_000);
                firmware.getOutputStream().write("AT\r".getBytes(StandardCharsets.US_ASCII));
                assertThat(readUntil(firmware.getInputStream(), "OK\r\n")).isEqualTo("\r\n+SIM READY\r\nAT\r\r\nOK\r\n");
            }
            assertThat(r.stop()).isZero();
        }
    }

    @Test
    void noBrokerShowsADash() {
        Running r = serve("--listen", "127.0.0.1:0", "--no-broker", "--no-control", "--no-gateway");
        assertThat(r.ready().group(2)).isEqualTo("-");
        assertThat(r.ready().group(4)).isEqualTo("-");
        assertThat(r.ready().group(5)).isEqualTo("-");
        assertThat(r.stop()).isZero();
        Running orphan = serve("--listen", "127.0.0.1:0", "--no-broker", "--no-control", "--gateway-port", "0");
        assertThat(orphan.exit().join()).isEqualTo(1);
        assertThat(orphan.err().toString()).contains("the MQTT-SN gateway needs a broker");
    }

    @Test
    void gatewayAlone() throws Exception {
        try (dev.l610.broker.EmbeddedBroker b = dev.l610.broker.EmbeddedBroker.startEphemeral()) {
            GatewayCommand g = new GatewayCommand();
            CommandLine cl = new CommandLine(g);
            StringWriter out = new StringWriter();
            cl.setOut(new PrintWriter(out, true));
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("--broker", b.host() + ":" + b.port(),
                    "--listen", "127.0.0.1:0"));
            await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().startsWith("READY mqttsn=127.0.0.1:") || exit.isDone());
            String port = out.toString().replaceAll("(?s)READY mqttsn=127\\.0\\.0\\.1:(\\d+).*", "$1");
            try (java.net.DatagramSocket udp = new java.net.DatagramSocket()) {
                udp.setSoTimeout(10_000);
                // CONNECT clean, duration 60, client id "L610-0001" (vector from an independent implementation)
                byte[] connect = java.util.HexFormat.of().parseHex("0f040401003c4c3631302d30303031");
                udp.send(new java.net.DatagramPacket(connect, connect.length, java.net.InetAddress.getLoopbackAddress(), Integer.parseInt(port)));
                java.net.DatagramPacket ack = new java.net.DatagramPacket(new byte[16], 16);
                udp.receive(ack);
                assertThat(java.util.HexFormat.of().formatHex(ack.getData(), 0, ack.getLength())).isEqualTo("030500");
            }
            g.stop.complete("test");
            assertThat(exit.join()).isZero();
        }
    }

    @Test
    void theEmbeddedGatewayLogsInToAnEmbeddedBrokerThatWantsALogin(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path pw = java.nio.file.Files.writeString(dir.resolve("pw"), "s3cret\n");
        Running r = serve("--listen", "127.0.0.1:0", "--broker-port", "0", "--gateway-port", "0", "--no-control",
                "--broker-user", "alice", "--broker-password-file", pw.toString(), "--gateway-max-clients", "3");
        Matcher m = r.ready();
        int port = Integer.parseInt(m.group(4).replaceAll(".*:", ""));
        try (java.net.DatagramSocket udp = new java.net.DatagramSocket()) {
            udp.setSoTimeout(15_000);
            byte[] connect = java.util.HexFormat.of().parseHex("0f040401003c4c3631302d30303031"); // CONNECT L610-0001
            udp.send(new java.net.DatagramPacket(connect, connect.length, java.net.InetAddress.getLoopbackAddress(), port));
            java.net.DatagramPacket ack = new java.net.DatagramPacket(new byte[16], 16);
            udp.receive(ack);
            assertThat(java.util.HexFormat.of().formatHex(ack.getData(), 0, ack.getLength())).isEqualTo("030500");
        }
        assertThat(r.stop()).isZero();
    }

    @Test
    void busyPortIsAClearErrorAndExitCode1() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Running r = serve("--listen", "127.0.0.1:" + taken.getLocalPort(), "--no-broker", "--no-control", "--no-gateway");
            assertThat(r.exit().join()).isEqualTo(1);
            assertThat(r.err().toString()).contains("already in use").doesNotContain("Exception");
            Running b = serve("--listen", "127.0.0.1:0", "--no-control", "--no-gateway", "--broker-port", Integer.toString(taken.getLocalPort()));
            assertThat(b.exit().join()).isEqualTo(1);
            assertThat(b.err().toString()).contains("MQTT broker port").contains("already in use");
        }
    }

    @Test
    void badFlagsAreUsageErrors() {
        Running r = serve("--listen", "nonsense");
        assertThat(r.exit().join()).isEqualTo(2);
        assertThat(r.err().toString()).contains("is not HOST:PORT");
        Running i = serve("--imei", "123");
        assertThat(i.exit().join()).isEqualTo(2);
        assertThat(i.err().toString()).contains("IMEI is 15 digits");
        Running sim = serve("--sim", "pin:12");
        assertThat(sim.exit().join()).isEqualTo(2);
        assertThat(sim.err().toString()).contains("--sim: a SIM PIN is 4..8 digits");
        Running timing = serve("--timing", "warp");
        assertThat(timing.exit().join()).isEqualTo(2);
        assertThat(timing.err().toString()).contains("--timing: timing must be instant, cat1, nbiot or a file");
        Running u = serve("--frobnicate");
        assertThat(u.exit().join()).isEqualTo(2);
        assertThat(u.err().toString()).isEqualTo("l610: unknown option '--frobnicate'" + System.lineSeparator()
                + "Try 'serve --help'." + System.lineSeparator());
    }

    @Test
    void ptyLineAndFaultCommandThroughTheControlApi(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path tty = dir.resolve("ttyL610");
        Running r = serve("--pty", tty.toString(), "--broker-port", "0", "--control", "127.0.0.1:0", "--gateway-port", "0");
        // no --listen: at= names the pty
        await().atMost(Duration.ofSeconds(20)).until(() -> r.out().toString().contains("\n") || r.exit().isDone());
        assertThat(r.out().toString()).as(r.err().toString()).startsWith("READY at=" + tty + " mqtt=127.0.0.1:");
        String control = r.out().toString().replaceAll("(?s).*control=(\\S+).*", "$1");
        try (java.io.FileOutputStream out = new java.io.FileOutputStream(tty.toFile());
             java.io.FileInputStream in = new java.io.FileInputStream(tty.toFile())) {
            out.write("ATE0\rAT+CREG=1\r".getBytes(StandardCharsets.US_ASCII));
            // the first host sees the +SIM READY of boot (docs/at-reference.md §5)
            assertThat(readUntil(in, "OK\r\n\r\nOK\r\n")).isEqualTo("\r\n+SIM READY\r\nATE0\r\r\nOK\r\n\r\nOK\r\n");
            StringWriter fout = new StringWriter();
            CommandLine fault = L610.commandLine();
            fault.setOut(new PrintWriter(fout, true));
            assertThat(fault.execute("fault", "radio-off", "--control", control)).isZero();
            assertThat(fout.toString()).contains("\"ok\":true");
            assertThat(readUntil(in, "+MIPCALL: 0\r\n")).isEqualTo("\r\n+CREG: 0\r\n\r\n+MIPCALL: 0\r\n");
            assertThat(fault.execute("fault", "power-cycle", "--control", control)).isZero();
            assertThat(readUntil(in, "+SIM READY\r\n")).isEqualTo("\r\n+SIM READY\r\n");
            assertThat(fault.execute("fault", "sim", "--state", "absent", "--control", control)).isZero();
            out.write("AT+CPIN?\r".getBytes(StandardCharsets.US_ASCII)); // echo on again after the reset
            assertThat(readUntil(in, "ERROR: 10\r\n")).isEqualTo("\r\n+MIPCALL: 0\r\nAT+CPIN?\r\r\n+CME ERROR: 10\r\n");
            assertThat(fault.execute("fault", "timing", "--profile", "nbiot", "--control", control)).isZero();
        }
        StringWriter err = new StringWriter();
        CommandLine bad = L610.commandLine();
        bad.setErr(new PrintWriter(err, true));
        assertThat(bad.execute("fault", "broker-kill", "--control", control)).isEqualTo(2);
        assertThat(err.toString()).contains("broker-kill needs --client ID");
        assertThat(r.stop()).isZero();
        StringWriter gone = new StringWriter();
        CommandLine none = L610.commandLine();
        none.setErr(new PrintWriter(gone, true));
        assertThat(none.execute("status", "--control", control)).isEqualTo(1);
        assertThat(gone.toString()).contains("no control API at");
    }

    @Test
    void injectSendsALineToTheHostAsAUrc() throws Exception {
        Running r = serve("--listen", "127.0.0.1:0", "--no-broker", "--no-gateway", "--control", "127.0.0.1:0");
        Matcher m = r.ready();
        String control = m.group(5);
        assertThat(r.err().toString()).contains("web console: http://" + control + "/");
        try (Socket s = new Socket("127.0.0.1", Integer.parseInt(m.group(1)))) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("ATE0\r".getBytes(StandardCharsets.US_ASCII));
            readUntil(s.getInputStream(), "OK\r\n");
            StringWriter out = new StringWriter();
            CommandLine inject = L610.commandLine();
            inject.setOut(new PrintWriter(out, true));
            assertThat(inject.execute("inject", "+CPIN: NOT READY", "--control", control)).isZero();
            assertThat(out.toString()).contains("\"urc\":\"+CPIN: NOT READY\"");
            assertThat(readUntil(s.getInputStream(), "READY\r\n")).isEqualTo("\r\n+CPIN: NOT READY\r\n");
            StringWriter err = new StringWriter();
            CommandLine bad = L610.commandLine();
            bad.setErr(new PrintWriter(err, true));
            assertThat(bad.execute("inject", "A\rB", "--control", control)).isEqualTo(1);
            assertThat(err.toString()).contains("control character \\\\x0d at 1");
            assertThat(bad.execute("inject", "--control", control)).isEqualTo(2);
            s.getOutputStream().write("AT\r".getBytes(StandardCharsets.US_ASCII)); // the host saw nothing of the refused line
            assertThat(readUntil(s.getInputStream(), "OK\r\n")).isEqualTo("\r\nOK\r\n");
        }
        assertThat(r.stop()).isZero();
    }

    @Test
    void helpExplainsTheReadyLine() {
        StringWriter out = new StringWriter();
        CommandLine cl = L610.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("serve", "--help")).isZero();
        assertThat(out.toString()).contains("READY at=").contains("--listen").contains("--stdio").contains("--transcript");
    }

    @Test
    void serveRunsAScenario(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Path file = dir.resolve("s.yaml");
        java.nio.file.Files.writeString(file, "steps:\n  - on: 'AT\\+CSQ'\n    answer: '+CME ERROR: 702'\n");
        Running r = serve("--listen", "127.0.0.1:0", "--no-broker", "--no-control", "--scenario", file.toString());
        int port = Integer.parseInt(r.ready().group(1));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("ATE0\rAT+CSQ\r".getBytes(StandardCharsets.US_ASCII));
            readUntil(s.getInputStream(), "OK\r\n");
            assertThat(readUntil(s.getInputStream(), "702\r\n")).isEqualTo("\r\n+CME ERROR: 702\r\n");
        }
        assertThat(r.stop()).isZero();

        java.nio.file.Files.writeString(file, "steps:\n  - at: 1s\n    fualt: blackhole\n");
        Running bad = serve("--listen", "127.0.0.1:0", "--no-broker", "--no-control", "--scenario", file.toString());
        assertThat(bad.exit().join()).isEqualTo(1);
        assertThat(bad.err().toString()).startsWith("l610: " + file + ":3: unknown key 'fualt'");
    }
}
