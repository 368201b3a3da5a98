package dev.l610.embed.scenario;

import dev.l610.embed.VirtualL610;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Starting, reading and ending a scenario through the control API, with a host on the real line. */
class ScenarioControlTest {

    private VirtualL610 l610;
    private ScenarioHost host;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        l610 = VirtualL610.builder().noGateway().control(new InetSocketAddress("127.0.0.1", 0)).start();
        host = new ScenarioHost(l610);
        host.command("ATE0", "OK\r\n");
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
        l610.close();
    }

    private HttpResponse<String> call(String method, String path, String body, boolean header) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + l610.controlAddress().getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (header) {
            b.header("X-L610", "1");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void startReadStop() throws Exception {
        assertThat(call("GET", "/scenario", null, false).statusCode()).isEqualTo(404);
        HttpResponse<String> started = call("POST", "/scenario", """
                name: live
                steps:
                  - on: 'AT\\+CSQ'
                    urc: HELLO
                expect:
                  - name: signal
                    expect: 'AT\\+CSQ'
                  - name: no-close
                    expect-not: 'AT\\+MQTTCLOSE=.*'
                """, true);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        assertThat(started.body()).startsWith("{\"ok\":true,\"started\":true,\"result\":{\"scenario\":\"live\",\"finished\":false");
        host.command("AT+CSQ", "OK\r\n");
        assertThat(host.readUntil("HELLO\r\n")).endsWith("\r\nHELLO\r\n");
        HttpResponse<String> progress = call("GET", "/scenario", null, false);
        assertThat(progress.body()).contains("{\"name\":\"signal\",\"status\":\"PASSED\",\"reason\":\"seen at ")
                .contains("{\"name\":\"no-close\",\"status\":\"PENDING\",\"reason\":\"not seen so far\"");
        HttpResponse<String> stopped = call("DELETE", "/scenario", null, true);
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(stopped.body()).contains("\"stopped\":true").contains("\"finished\":true,\"passed\":true")
                .contains("{\"name\":\"no-close\",\"status\":\"PASSED\",\"reason\":\"not seen by the end\"");
        // ended: the step no longer runs
        assertThat(host.command("AT+CSQ", "OK\r\n")).doesNotContain("HELLO");
        assertThat(call("POST", "/scenario/stop", null, true).body()).contains("\"finished\":true");
    }

    @Test
    void refusals() throws Exception {
        HttpResponse<String> bad = call("POST", "/scenario", "steps:\n  - at: 1s\n    fualt: x\n", true);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).startsWith("{\"error\":\"body:3: unknown key 'fualt' in step 'step 1'");
        assertThat(call("POST", "/scenario", "", true).statusCode()).isEqualTo(400);
        assertThat(call("POST", "/scenario", "expect:\n  - expect: AT\n", false).statusCode()).isEqualTo(403);
        assertThat(call("DELETE", "/scenario", null, false).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/scenario?x=1", null, false).statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/scenario", "x", true).statusCode()).isEqualTo(405);
        assertThat(call("GET", "/scenario/stop", null, false).statusCode()).isEqualTo(405);
        assertThat(l610.scenario()).isNull();
    }
}
