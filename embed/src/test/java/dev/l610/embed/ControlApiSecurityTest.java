package dev.l610.embed;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The control API as an attacker meets it, over raw sockets: a page on another site cannot change the
 * modem (cross-site POST, DNS rebinding), and slow clients cannot stop it.
 */
class ControlApiSecurityTest {

    private VirtualL610 l610;
    private int port;

    @BeforeEach
    void start() {
        l610 = VirtualL610.builder().noBroker().noGateway().listen(null).control(new InetSocketAddress("127.0.0.1", 0)).start();
        port = l610.controlAddress().getPort();
    }

    @AfterEach
    void stop() {
        l610.close();
    }

    /** Sends a raw request and returns the whole answer (the server closes after a refusal or Connection: close). */
    private String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) > 0) {
                got.write(buf, 0, n);
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    private boolean radioOn() {
        return l610.modem().call(m -> m.networkState().radioOn()).join();
    }

    @Test
    void aSimpleCrossSitePostIsRefused() throws IOException {
        // what a <form> or fetch(..., {mode: 'no-cors'}) on another site sends: text/plain, foreign Origin
        String answer = raw("POST /faults/radio-off HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: http://evil.example\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 403").contains("cross-origin");
        // the same without an Origin (an older browser, a plain form) lacks the custom header
        answer = raw("POST /faults/radio-off HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 403").contains("X-L610: 1");
        assertThat(radioOn()).isTrue();
        // the API's own clients send the header
        answer = raw("POST /faults/radio-off HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-L610: 1\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(radioOn()).isFalse();
    }

    @Test
    void aRebindingHostIsRefused() throws IOException {
        String answer = raw("GET /transcript HTTP/1.1\r\nHost: evil.example:" + port + "\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 421").doesNotContain(">>");
        assertThat(raw("GET /status HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(raw("GET /status HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 421"); // no Host at all
    }

    @Test
    void passwordsAreMaskedInTheServedTranscript() throws IOException {
        l610.modem().input("AT+MQTTUSER=1,\"user\",\"s3cret\",\"dev\"\r".getBytes(StandardCharsets.ISO_8859_1));
        l610.modem().call(m -> null).join();
        String answer = raw("GET /transcript HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200").contains("MQTTUSER").doesNotContain("s3cret");
    }

    @Test
    void stalledClientsDoNotStopTheApiAndAreClosed() throws IOException {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) { // each sends half a header and then nothing
                Socket s = new Socket("127.0.0.1", port);
                OutputStream out = s.getOutputStream();
                out.write(("GET /status HTTP/1.1\r\nHo").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                stalled.add(s);
            }
            assertThat(raw("GET /status HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 200");
            // the request deadline closes them: each read ends
            for (Socket s : stalled) {
                s.setSoTimeout((int) Duration.ofSeconds(ControlServer.REQUEST_SECONDS * 6L).toMillis());
                await().atMost(Duration.ofSeconds(ControlServer.REQUEST_SECONDS * 6L)).until(() -> s.getInputStream().read() < 0);
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void anOversizedRequestIsRefused() throws IOException {
        String big = "x".repeat(ControlServer.MAX_BODY + 1);
        String answer = raw("POST /faults/radio-off HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-L610: 1\r\nContent-Length: "
                + big.length() + "\r\n\r\n" + big);
        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(radioOn()).isTrue();
    }
}
