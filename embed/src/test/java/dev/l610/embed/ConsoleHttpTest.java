package dev.l610.embed;

import dev.l610.embed.internal.EventStreams;
import dev.l610.embed.internal.InjectedLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The web console's HTTP side: {@code GET /events} (framing, bound), {@code POST /line/urc}, {@code GET /} and the guard. */
class ConsoleHttpTest {

    private VirtualL610 l610;
    private TestHost host;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        l610 = VirtualL610.builder().noGateway().control(new InetSocketAddress("127.0.0.1", 0)).start();
        port = l610.controlAddress().getPort();
        host = new TestHost(l610.atAddress());
        host.command("ATE0");
    }

    @AfterEach
    void stop() throws IOException {
        host.close();
        l610.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("X-L610", "1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a raw request and reads the whole answer (the server closes after it: Connection: close). */
    private String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The events of one {@code GET /events}, as "event\ndata" strings, read by a thread of the HTTP client. */
    private final class Events implements AutoCloseable {
        final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        final HttpResponse<Stream<String>> response;

        Events() throws Exception {
            HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events")).GET().build();
            response = http.send(r, HttpResponse.BodyHandlers.ofLines());
            CompletableFuture.runAsync(() -> {
                String event = null;
                Iterator<String> lines = response.body().iterator();
                while (lines.hasNext()) {
                    String l = lines.next();
                    if (l.startsWith("event: ")) {
                        event = l.substring(7);
                    } else if (l.startsWith("data: ")) {
                        events.add(event + "\n" + l.substring(6));
                    }
                }
            });
        }

        /** Waits for an event containing every one of {@code parts}; returns its data. */
        String await(String event, String... parts) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < end) {
                String e = events.poll(1, TimeUnit.SECONDS);
                if (e != null && e.startsWith(event + "\n") && Stream.of(parts).allMatch(e::contains)) {
                    return e.substring(event.length() + 1);
                }
            }
            throw new AssertionError("no " + event + " event with " + List.of(parts) + " in 30 s");
        }

        @Override
        public void close() {
            response.body().close();
        }
    }

    @Test
    void eventsCarryTheLineBothWaysAndTheStatus() throws Exception {
        try (Events ev = new Events()) {
            assertThat(ev.response.statusCode()).isEqualTo(200);
            assertThat(ev.response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
            // the backlog: what the line carried before the page came
            ev.await("line", "\"dir\":\"modem\"", "\"urc\":true", "\"text\":\"\\r\\n+SIM READY\\r\\n\"");
            ev.await("line", "\"dir\":\"host\"", "\"text\":\"ATE0\\r\"");
            ev.await("line", "\"dir\":\"modem\"", "\"urc\":false", "\"text\":\"ATE0\\r\""); // the echo, then the answer
            ev.await("line", "\"dir\":\"modem\"", "\"urc\":false", "\"text\":\"\\r\\nOK\\r\\n\"");
            ev.await("status", "\"imei\"", "\"clients\"");
            host.send("AT+CSQ\r");
            ev.await("line", "\"dir\":\"host\"", "\"urc\":false", "\"text\":\"AT+CSQ\\r\"");
            ev.await("line", "\"dir\":\"modem\"", "\"urc\":false", "\"text\":\"\\r\\n+CSQ: ");
            ev.await("line", "\"dir\":\"modem\"", "\"text\":\"\\r\\nOK\\r\\n\"");
            // a URC is marked as one; a state change comes as a status event
            assertThat(post("/line/urc", "+TEST: 1").statusCode()).isEqualTo(200);
            ev.await("line", "\"dir\":\"modem\"", "\"urc\":true", "\"text\":\"\\r\\n+TEST: 1\\r\\n\"");
            assertThat(post("/faults/signal?rssi=7", "").statusCode()).isEqualTo(200);
            ev.await("status", "\"rssi\":7");
            // passwords are masked as in GET /transcript
            host.send("AT+MQTTUSER=1,\"user\",\"s3cret\",\"dev\"\r");
            String masked = ev.await("line", "\"dir\":\"host\"", "MQTTUSER");
            assertThat(masked).doesNotContain("s3cret").contains("***");
        }
    }

    @Test
    void aSlowReaderGetsAGapInsteadOfAnUnboundedBuffer() throws Exception {
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", port));
            slow.setSoTimeout(30_000);
            slow.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(30)).until(() -> l610Streams() == 1);
            // the host sends far more than the stream may hold, and reads the modem's answers; the page reads nothing
            String lineOf1000 = "AT+NOPE" + "X".repeat(992) + "\r";
            int lines = 64 * 160; // 10 MB: far more than the bound and what the sockets' buffers hold
            CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < lines; i++) {
                        host.readUntil("ERROR"); // ERROR or +CME ERROR: n
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] chunk = lineOf1000.repeat(64).getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < lines / 64; i++) {
                host.send(new String(chunk, StandardCharsets.ISO_8859_1));
            }
            drain.get(120, TimeUnit.SECONDS);
            // the page reads again: after what the bound let through comes a gap event (with the next event), then the line
            InputStream in = slow.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                byte[] buf = new byte[65536];
                try {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        synchronized (got) {
                            got.write(buf, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                host.command("AT");
                return text(got).contains("event: gap\ndata: {\"dropped\":");
            });
            host.send("AT+CSQ\r");
            host.readUntil("OK\r\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> text(got).contains("\"text\":\"AT+CSQ\\r\""));
            String s = text(got);
            int gap = s.indexOf("event: gap\ndata: {\"dropped\":");
            long sent = (long) lines * lineOf1000.length();
            assertThat((long) gap).as("bytes before the gap, of %d the host sent", sent).isPositive().isLessThan(sent / 2);
            java.util.regex.Matcher gaps = java.util.regex.Pattern.compile("event: gap\ndata: \\{\"dropped\":(\\d+)}").matcher(s);
            long dropped = 0;
            while (gaps.find()) {
                dropped += Long.parseLong(gaps.group(1));
            }
            assertThat(dropped).as("events dropped, in all gap events").isGreaterThan(lines / 4);
            slow.close();
            reader.join();
        }
    }

    private static String text(ByteArrayOutputStream got) {
        synchronized (got) {
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private int l610Streams() {
        return l610.control().events().join();
    }

    @Test
    void eventStreamsAreBoundedAndEndWhenTheControlApiStops() throws Exception {
        List<Socket> streams = new ArrayList<>();
        try {
            for (int i = 0; i < EventStreams.MAX_STREAMS; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.setSoTimeout(30_000);
                s.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                streams.add(s);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> l610Streams() == EventStreams.MAX_STREAMS);
            assertThat(raw("GET /events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")).startsWith("HTTP/1.1 503")
                    .contains("at most " + EventStreams.MAX_STREAMS);
            // requests still get through
            assertThat(raw("GET /status HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
            // a stream is no request that must end in time: the request deadline leaves it open
            await().during(Duration.ofSeconds(ControlServer.REQUEST_SECONDS + 2)).atMost(Duration.ofSeconds(ControlServer.REQUEST_SECONDS + 60))
                    .until(() -> l610Streams() == EventStreams.MAX_STREAMS);
            l610.close();
            for (Socket s : streams) {
                byte[] all = s.getInputStream().readAllBytes(); // ends: the server closed the stream
                assertThat(new String(all, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200").contains("text/event-stream")
                        .endsWith("0\r\n\r\n");
            }
        } finally {
            for (Socket s : streams) {
                s.close();
            }
        }
    }

    @Test
    void anInjectedLineReachesTheHostAsAUrc() throws Exception {
        HttpResponse<String> r = post("/line/urc", "+CPIN: NOT READY\n");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"urc\":\"+CPIN: NOT READY\"");
        assertThat(host.readUntil("+CPIN: NOT READY\r\n")).isEqualTo("\r\n+CPIN: NOT READY\r\n");
        r = post("/line/urc?line=" + URLEncoder.encode("RDY", StandardCharsets.UTF_8), "");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(host.readUntil("RDY\r\n")).isEqualTo("\r\nRDY\r\n");
        // and it is a URC in the transcript's order: the line answers commands as before
        assertThat(host.command("AT")).isEqualTo("\r\nOK\r\n");
    }

    @Test
    void rawBytesReachTheHostAsTheyAre() throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/line/raw")).header("X-L610", "1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'R', 'D', 0, (byte) 0xff, '\r', '\n'})).build();
        HttpResponse<String> a = http.send(r, HttpResponse.BodyHandlers.ofString());
        assertThat(a.statusCode()).as(a.body()).isEqualTo(200);
        assertThat(a.body()).contains("\"bytes\":6");
        assertThat(host.readUntil("\r\n")).isEqualTo("RD\u0000\u00ff\r\n");
        assertRefused(post("/line/raw", ""), "no bytes");
        assertRefused(post("/line/raw", "x".repeat(InjectedLine.MAX_RAW + 1)), "at most " + InjectedLine.MAX_RAW);
        assertRefused(post("/line/raw?line=x", "x"), "takes no query parameters");
        assertThat(raw("POST /line/raw HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: http://evil.example\r\nX-L610: 1\r\n"
                + "Content-Length: 4\r\nConnection: close\r\n\r\nEVIL")).startsWith("HTTP/1.1 403");
        assertThat(host.command("AT")).isEqualTo("\r\nOK\r\n");
    }

    @Test
    void badLinesAreRefusedWithTheReason() throws Exception {
        assertRefused(post("/line/urc", "A\rB"), "control character \\\\x0d at 1");
        assertRefused(post("/line/urc?line=A%07", ""), "control character \\\\x07 at 1");
        assertRefused(post("/line/urc", "x".repeat(InjectedLine.MAX_CHARS + 1)), "at most " + InjectedLine.MAX_CHARS);
        assertRefused(post("/line/urc", ""), "no line");
        assertRefused(post("/line/urc?line=", ""), "the line is empty");
        assertRefused(post("/line/urc?line=A", "B"), "not both");
        assertRefused(post("/line/urc?lines=A", ""), "takes only line, not lines");
        assertRefused(post("/line/urc", "\u20ac"), "not one byte on the line");
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/line/urc")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        // the host saw none of them
        assertThat(host.command("AT")).isEqualTo("\r\nOK\r\n");
    }

    private static void assertRefused(HttpResponse<String> r, String reason) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).startsWith("{\"error\":").contains(reason);
    }

    @Test
    void theGuardAppliesToTheConsoleAndTheInjection() throws Exception {
        String h = "Host: 127.0.0.1:" + port + "\r\n";
        // a page on another site cannot inject, nor read the page or the stream; neither can a rebinding name
        assertThat(raw("POST /line/urc?line=EVIL HTTP/1.1\r\n" + h + "Origin: http://evil.example\r\nX-L610: 1\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 403").contains("cross-origin");
        assertThat(raw("POST /line/urc?line=EVIL HTTP/1.1\r\n" + h + "Content-Length: 0\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403").contains("X-L610");
        assertThat(raw("POST /line/urc?line=EVIL HTTP/1.1\r\nHost: evil.example:" + port + "\r\nX-L610: 1\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 421");
        assertThat(raw("GET / HTTP/1.1\r\nHost: evil.example:" + port + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 421")
                .doesNotContain("<html");
        assertThat(raw("GET /events HTTP/1.1\r\nHost: evil.example:" + port + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 421");
        assertThat(raw("GET /events HTTP/1.1\r\n" + h + "Origin: http://evil.example\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403");
        assertThat(raw("GET /console.js HTTP/1.1\r\n" + h + "Origin: http://evil.example\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403");
        // the line never saw EVIL
        assertThat(host.command("AT")).isEqualTo("\r\nOK\r\n");
        assertThat(l610.transcript()).doesNotContain("EVIL");
    }

    @Test
    void thePageIsServedWithHeadersThatKeepItToItsOrigin() throws Exception {
        String h = "Host: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n";
        String page = raw("GET / HTTP/1.1\r\n" + h).toLowerCase(java.util.Locale.ROOT);
        assertThat(page).startsWith("http/1.1 200").contains("content-type: text/html")
                .contains("content-security-policy: default-src 'none'; script-src 'self';")
                .contains("frame-ancestors 'none'")
                .contains("x-frame-options: deny")
                .contains("x-content-type-options: nosniff")
                .contains("<script src=\"/console.js\"");
        assertThat(raw("GET /console.js HTTP/1.1\r\n" + h)).startsWith("HTTP/1.1 200").contains("text/javascript")
                .contains("new EventSource('/events')");
        assertThat(raw("GET /console.css HTTP/1.1\r\n" + h)).startsWith("HTTP/1.1 200").contains("text/css");
        assertThat(raw("GET /?debug=1 HTTP/1.1\r\n" + h)).startsWith("HTTP/1.1 400").contains("takes no query parameters");
        assertThat(raw("POST / HTTP/1.1\r\nX-L610: 1\r\nContent-Length: 0\r\n" + h)).startsWith("HTTP/1.1 405");
        assertThat(raw("GET /../pom.xml HTTP/1.1\r\n" + h)).startsWith("HTTP/1.1 404");
        assertThat(raw("GET /index.html HTTP/1.1\r\n" + h)).startsWith("HTTP/1.1 404");
    }
}
