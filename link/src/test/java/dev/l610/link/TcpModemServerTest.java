package dev.l610.link;

import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.VirtualModem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TcpModemServerTest {

    private final ModemRuntime runtime = ModemRuntime.create(2);
    private final VirtualModem modem = new VirtualModem(ModemConfig.defaults(), runtime);
    private final TcpModemServer server = TcpModemServer.start(modem, new InetSocketAddress("127.0.0.1", 0));

    @AfterEach
    void close() {
        server.close();
        modem.close();
        runtime.close();
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

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.address().getPort());
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void talksAtOverTcp() throws IOException {
        assertThat(server.address().getPort()).isPositive();
        try (Socket s = connect()) {
            s.getOutputStream().write("AT\rAT+CSQ\r".getBytes(StandardCharsets.US_ASCII));
            // the first host sees the +SIM READY of boot (docs/at-reference.md §5)
            assertThat(readUntil(s.getInputStream(), "OK\r\n")).isEqualTo("\r\n+SIM READY\r\nAT\r\r\nOK\r\n");
            assertThat(readUntil(s.getInputStream(), "OK\r\n")).isEqualTo("AT+CSQ\r\r\n+CSQ: 31,99\r\n\r\nOK\r\n");
        }
    }

    @Test
    void secondHostIsToldTheLineIsBusyAndTheFirstKeepsWorking() throws IOException {
        try (Socket first = connect()) {
            first.getOutputStream().write("AT\r".getBytes(StandardCharsets.US_ASCII));
            readUntil(first.getInputStream(), "OK\r\n");
            try (Socket second = connect()) {
                String msg = readUntil(second.getInputStream(), "\n");
                assertThat(msg).startsWith("l610: the modem's serial line is in use by 127.0.0.1:").endsWith("one host at a time\r\n");
                assertThat(second.getInputStream().read()).isEqualTo(-1);
            }
            first.getOutputStream().write("AT+CGMM\r".getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(first.getInputStream(), "OK\r\n")).isEqualTo("AT+CGMM\r\r\nL610\r\n\r\nOK\r\n");
        }
    }

    @Test
    void nextHostGetsTheLineAfterTheFirstLeaves() throws IOException {
        try (Socket first = connect()) {
            first.getOutputStream().write("ATE0\r".getBytes(StandardCharsets.US_ASCII));
            readUntil(first.getInputStream(), "OK\r\n");
        }
        org.awaitility.Awaitility.await().until(() -> server.activeHost() == null);
        try (Socket next = connect()) {
            next.getOutputStream().write("AT\r".getBytes(StandardCharsets.US_ASCII));
            // settings survive the reconnect, as on a real UART: echo is still off
            assertThat(readUntil(next.getInputStream(), "OK\r\n")).isEqualTo("\r\nOK\r\n");
        }
    }

    @Test
    void aHostThatClosedNeverBlocksTheNextOne() throws IOException {
        for (int i = 0; i < Integer.getInteger("l610.reconnect.cycles", 200); i++) {
            try (Socket s = connect()) {
                s.getOutputStream().write("AT\r".getBytes(StandardCharsets.US_ASCII));
                StringBuilder got = new StringBuilder();
                try {
                    int b;
                    while (!got.toString().endsWith("OK\r\n") && (b = s.getInputStream().read()) >= 0) {
                        got.append((char) b);
                    }
                } catch (IOException e) {
                    throw new AssertionError("cycle " + i + ": no answer, got [" + got + "]", e);
                }
                assertThat(got.toString()).as("cycle %d", i).isEqualTo((i == 0 ? "\r\n+SIM READY\r\n" : "") + "AT\r\r\nOK\r\n");
            }
        }
    }

    @Test
    void aHalfClosedHostStillGetsItsAnswersAndTheNextHostIsServed() throws IOException {
        try (Socket first = connect()) {
            first.getOutputStream().write("AT+CGMM\r".getBytes(StandardCharsets.US_ASCII));
            first.shutdownOutput();
            assertThat(readUntil(first.getInputStream(), "OK\r\n")).isEqualTo("\r\n+SIM READY\r\nAT+CGMM\r\r\nL610\r\n\r\nOK\r\n");
            try (Socket next = connect()) { // during the first one's grace
                next.getOutputStream().write("AT\r".getBytes(StandardCharsets.US_ASCII));
                assertThat(readUntil(next.getInputStream(), "OK\r\n")).isEqualTo("AT\r\r\nOK\r\n");
            }
            assertThat(first.getInputStream().read()).isEqualTo(-1); // let go when the next host came
        }
    }

    @Test
    void aHalfClosedHostHearsUrcsForTheGraceThenIsClosed() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write("ATE0\r".getBytes(StandardCharsets.US_ASCII));
            readUntil(s.getInputStream(), "OK\r\n");
            s.shutdownOutput();
            org.awaitility.Awaitility.await().until(() -> server.activeHost() == null);
            modem.urc("+MQTTBREAK: 1,1");
            assertThat(readUntil(s.getInputStream(), "1,1\r\n")).isEqualTo("\r\n+MQTTBREAK: 1,1\r\n");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aHostThatStopsReadingIsDisconnectedNotBufferedWithoutEnd() throws IOException {
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(server.address());
            org.awaitility.Awaitility.await().until(() -> server.activeHost() != null);
            String line = "+MQTTMSG: 1,0,\"t\",\"" + "x".repeat(1000) + "\"";
            for (int i = 0; i < 12_000; i++) { // 12 MB: more than the queue and both sockets' buffers hold
                modem.urc(line);
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> server.activeHost() == null);
        }
    }

    @Test
    void busyPortIsAClearError() {
        InetSocketAddress taken = server.address();
        assertThatThrownBy(() -> TcpModemServer.start(modem, taken))
                .isInstanceOf(LinkException.class).hasMessageContaining("already in use");
    }

    @Test
    void transcriptRecordsBothDirectionsAndMasksPasswords(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.log");
        Transcript t = Transcript.open(file, true);
        modem.addTap(t);
        try (Socket s = connect()) {
            s.getOutputStream().write("AT+MQTTUSER=1,\"user\",\"secret\",\"id\"\r".getBytes(StandardCharsets.US_ASCII));
            String answer = readUntil(s.getInputStream(), "\r\n");
            while (!answer.endsWith("OK\r\n") && !answer.endsWith("ERROR\r\n")) {
                answer += readUntil(s.getInputStream(), "\r\n");
            }
            s.getOutputStream().write("AT+CSQ\r".getBytes(StandardCharsets.US_ASCII));
            readUntil(s.getInputStream(), "+CSQ: 31,99\r\n\r\nOK\r\n");
        }
        modem.call(m -> null).join();
        t.close();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("\\d{4}-.*Z >> AT\\+CSQ\\\\r"));
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith(" << AT+CSQ\\r\\r\\n+CSQ: 31,99\\r\\n\\r\\nOK\\r\\n"));
        assertThat(String.join("\n", lines)).contains("\"user\",\"***\"").doesNotContain("secret");
    }
}
