package dev.l610.embed;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The control API through real HTTP calls; each fault shows up on the real AT line. */
class ControlApiTest {

    private VirtualL610 l610;
    private Socket host;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        l610 = VirtualL610.builder().control(new InetSocketAddress("127.0.0.1", 0)).start();
        host = new Socket("127.0.0.1", l610.atAddress().getPort());
        host.setSoTimeout(10_000);
        send("ATE0\r");
        // the first host sees the +SIM READY of boot (docs/at-reference.md §5)
        assertThat(readUntil("OK\r\n")).isEqualTo("\r\n+SIM READY\r\nATE0\r\r\nOK\r\n");
    }

    @AfterEach
    void stop() throws IOException {
        host.close();
        l610.close();
    }

    private void send(String s) throws IOException {
        host.getOutputStream().write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private String readUntil(String end) throws IOException {
        InputStream in = host.getInputStream();
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

    private HttpResponse<String> call(String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + l610.controlAddress().getPort() + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        b = method.equals("POST") ? b.POST(HttpRequest.BodyPublishers.noBody()).header("X-L610", "1") : b.GET();
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void open(int id) throws IOException {
        if (id == 2) {
            send("AT+MQTTUSER=2,\"\",\"\",\"second\"\r");
            readUntil("OK\r\n");
        }
        send("AT+MQTTOPEN=" + id + ",\"127.0.0.1\"," + l610.brokerAddress().getPort() + ",1,60\r");
        assertThat(readUntil("+MQTTOPEN: " + id + ",1\r\n")).isEqualTo("\r\nOK\r\n\r\n+MQTTOPEN: " + id + ",1\r\n");
    }

    @Test
    void statusShowsNetworkClientsAndCounters() throws Exception {
        open(1);
        HttpResponse<String> r = call("GET", "/status");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(r.body()).contains("\"imei\":\"869548040012344\"")
                .contains("\"network\":{\"radio\":true,\"registered\":true,\"attached\":true,\"context\":true,\"ip\":\"10.99.46.109\",\"rssi\":31,\"sim\":\"READY\",\"timing\":\"instant\"}")
                .contains("{\"id\":1,\"state\":\"OPEN\"").contains("{\"id\":2,\"state\":\"IDLE\"")
                .contains("\"host\":\"127.0.0.1:");
    }

    @Test
    void statusShowsTheGatewaysSessionsAndCounters() throws Exception {
        try (java.net.DatagramSocket udp = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            udp.setSoTimeout(10_000);
            byte[] searchGw = {3, 1, 0}; // SEARCHGW radius 0: answered with GWINFO
            udp.send(new java.net.DatagramPacket(searchGw, 3, l610.gatewayAddress()));
            udp.receive(new java.net.DatagramPacket(new byte[16], 16));
        }
        String body = call("GET", "/status").body();
        assertThat(body).contains("\"gateway\":{\"sessions\":0,\"datagramsIn\":1,\"datagramsOut\":1,")
                .contains("\"connectsRefused\":0").contains("\"minusOnePublishes\":0").contains("\"sleeps\":0")
                .contains("\"retriesExhausted\":0").contains("\"congestionBackoffs\":0");
    }

    @Test
    void powerCycleResetsTheModem() throws Exception {
        open(1);
        assertThat(call("POST", "/faults/power-cycle").body()).isEqualTo("{\"ok\":true,\"fault\":\"power-cycle\"}\n");
        assertThat(readUntil("+SIM READY\r\n")).isEqualTo("\r\n+SIM READY\r\n"); // no +MQTTBREAK: the modem was off
        send("AT+MQTTCLOSE?\r"); // echo is on again
        assertThat(readUntil("OK\r\n")).isEqualTo("AT+MQTTCLOSE?\r\r\n+MQTTCLOSE: 0\r\n\r\nOK\r\n");
    }

    @Test
    void simFault() throws Exception {
        open(1);
        assertThat(call("POST", "/faults/sim?state=pin:1234").statusCode()).isEqualTo(200);
        assertThat(readUntil("+MIPCALL: 0\r\n")).isEqualTo("\r\n+MQTTBREAK: 1,3\r\n\r\n+MIPCALL: 0\r\n");
        send("AT+CPIN?\r");
        assertThat(readUntil("OK\r\n")).isEqualTo("\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n");
        assertThat(call("GET", "/status").body()).contains("\"sim\":\"SIM_PIN\"");
        send("AT+CPIN=\"1234\"\r");
        assertThat(readUntil("+MIPCALL: 10.99.46.109\r\n"))
                .isEqualTo("\r\nOK\r\n\r\n+SIM READY\r\n\r\n+MIPCALL: 10.99.46.109\r\n");
        assertThat(call("POST", "/faults/sim?state=bogus").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/faults/sim").statusCode()).isEqualTo(400);
    }

    @Test
    void timingFault() throws Exception {
        assertThat(call("POST", "/faults/timing?profile=cat1").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/status").body()).contains("\"timing\":\"cat1\"");
        assertThat(call("POST", "/faults/timing?profile=/etc/hosts").statusCode()).isEqualTo(400); // no files by request
        assertThat(call("POST", "/faults/timing?profile=instant").statusCode()).isEqualTo(200);
    }

    @Test
    void radioOffAndOn() throws Exception {
        open(1);
        assertThat(call("POST", "/faults/radio-off").body()).isEqualTo("{\"ok\":true,\"fault\":\"radio-off\"}\n");
        assertThat(readUntil("+MIPCALL: 0\r\n")).isEqualTo("\r\n+MQTTBREAK: 1,3\r\n\r\n+MIPCALL: 0\r\n");
        send("AT+CSQ\r");
        assertThat(readUntil("OK\r\n")).isEqualTo("\r\n+CSQ: 99,99\r\n\r\nOK\r\n");
        call("POST", "/faults/radio-on");
        assertThat(readUntil("\r\n+MIPCALL: 10.99.46.109\r\n")).isEqualTo("\r\n+MIPCALL: 10.99.46.109\r\n");
        open(1);
    }

    @Test
    void deregisterAndRegister() throws Exception {
        open(1);
        open(2);
        call("POST", "/faults/deregister");
        assertThat(readUntil("+MIPCALL: 0\r\n")).isEqualTo("\r\n+MQTTBREAK: 1,3\r\n\r\n+MQTTBREAK: 2,3\r\n\r\n+MIPCALL: 0\r\n");
        call("POST", "/faults/register");
        readUntil("+MIPCALL: 10.99.46.109\r\n");
    }

    @Test
    void contextDropAndRestore() throws Exception {
        open(1);
        call("POST", "/faults/context-drop");
        assertThat(readUntil("+MQTTBREAK: 1,2\r\n")).isEqualTo("\r\n+MIPCALL: 0\r\n\r\n+MQTTBREAK: 1,2\r\n");
        call("POST", "/faults/context-restore");
        readUntil("+MIPCALL: 10.99.46.109\r\n");
    }

    @Test
    void brokerKillForOneClient() throws Exception {
        open(1);
        open(2);
        assertThat(call("POST", "/faults/broker-kill?client=2").statusCode()).isEqualTo(200);
        assertThat(readUntil("+MQTTBREAK: 2,1\r\n")).isEqualTo("\r\n+MQTTBREAK: 2,1\r\n");
        HttpResponse<String> again = call("POST", "/faults/broker-kill?client=2");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("client 2 is not open");
    }

    @Test
    void blackholeIsFoundByKeepalive() throws Exception {
        send("AT+MQTTOPEN=1,\"127.0.0.1\"," + l610.brokerAddress().getPort() + ",1,1\r");
        readUntil("+MQTTOPEN: 1,1\r\n");
        call("POST", "/faults/blackhole?on=true");
        assertThat(readUntil("+MQTTBREAK: 1,1\r\n")).isEqualTo("\r\n+MQTTBREAK: 1,1\r\n");
        call("POST", "/faults/blackhole?on=false");
        open(1);
    }

    @Test
    void signalAndTranscript() throws Exception {
        call("POST", "/faults/signal?rssi=7");
        send("AT+CSQ\r");
        assertThat(readUntil("OK\r\n")).isEqualTo("\r\n+CSQ: 7,99\r\n\r\nOK\r\n");
        String t = call("GET", "/transcript").body();
        assertThat(t).contains(" >> AT+CSQ\\r").contains(" << \\r\\n+CSQ: 7,99\\r\\n\\r\\nOK\\r\\n");
    }

    @Test
    void udpImpairmentOfTheMqttSnPath() throws Exception {
        send("AT+MQTTOPEN=101,\"127.0.0.1\"," + l610.gatewayAddress().getPort() + ",1,60\r");
        assertThat(readUntil("+MQTTOPEN: 101,1\r\n")).isEqualTo("\r\nOK\r\n\r\n+MQTTOPEN: 101,1\r\n");
        assertThat(call("POST", "/faults/udp?latency_ms=50&loss=0").statusCode()).isEqualTo(200);
        send("AT+MQTTPUB=101,\"sn/t\",1,0,\"x\"\r");
        assertThat(readUntil("+MQTTPUB: 101,1\r\n")).isEqualTo("\r\nOK\r\n\r\n+MQTTPUB: 101,1\r\n");
        assertThat(call("POST", "/faults/udp?loss=2").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/faults/udp").statusCode()).isEqualTo(200);
    }

    /** Shaping acts on the real socket: a QoS 1 round trip through 200 ms each way takes at least 400 ms. */
    @Test
    void shapingDelaysTheRadioPath() throws Exception {
        open(1);
        assertThat(call("POST", "/faults/shape?dir=both&latency_ms=200&jitter_ms=0").statusCode()).isEqualTo(200);
        long t0 = System.nanoTime();
        send("AT+MQTTPUB=1,\"shaped\",1,0,\"x\"\r");
        assertThat(readUntil("+MQTTPUB: 1,1\r\n")).isEqualTo("\r\nOK\r\n\r\n+MQTTPUB: 1,1\r\n");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(java.time.Duration.ofMillis(400));
        assertThat(l610.faults().shaping().join().get(dev.l610.modem.net.Direction.UPLINK).latency())
                .isEqualTo(java.time.Duration.ofMillis(200));
        assertThat(call("GET", "/status").body()).contains("\"path\":{\"blackhole\":false,"
                + "\"uplink\":{\"latency_ms\":200,\"jitter_ms\":0,\"rate_bps\":0,\"loss\":0.0},\"downlink\":{\"latency_ms\":200,");
        assertThat(call("POST", "/faults/shape?dir=sideways").body()).contains("dir must be up, down or both");
        assertThat(call("POST", "/faults/shape?loss=2").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/faults/shape").statusCode()).isEqualTo(200); // all zero: ended
        call("POST", "/faults/blackhole?on=true");
        call("POST", "/faults/udp?latency_ms=30&loss=0.5");
        assertThat(call("GET", "/status").body()).contains("\"path\":{\"blackhole\":true,\"uplink\":null,\"downlink\":null,"
                + "\"udpUplink\":{\"latency_ms\":30,\"jitter_ms\":0,\"rate_bps\":0,\"loss\":0.5},");
        assertThat(l610.faults().shaping().join().get(dev.l610.modem.net.Direction.DOWNLINK).isNone()).isTrue();
    }

    @Test
    void errorsAreClearJson() throws Exception {
        HttpResponse<String> unknown = call("POST", "/faults/meteor");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).startsWith("{\"error\":\"no such fault: meteor");
        assertThat(call("GET", "/faults/radio-off").statusCode()).isEqualTo(405);
        assertThat(call("POST", "/faults/signal?rssi=50").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/faults/broker-kill").body()).contains("missing query parameter client");
        assertThat(call("GET", "/nothing").statusCode()).isEqualTo(404);
        // a parameter that is not understood is refused, never taken as a default
        HttpResponse<String> maybe = call("POST", "/faults/blackhole?on=maybe");
        assertThat(maybe.statusCode()).isEqualTo(400);
        assertThat(maybe.body()).contains("on must be true or false, was maybe");
        assertThat(call("POST", "/faults/radio-off?force=1").body()).contains("takes no query parameters, not force");
        assertThat(call("POST", "/faults/signal?rssi=5&db=3").statusCode()).isEqualTo(400);
    }

    @Test
    void controlOnlyOnLoopback() {
        assertThatThrownBy(() -> VirtualL610.builder().noBroker().noGateway().listen(null)
                .control(new InetSocketAddress("0.0.0.0", 0)).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    }
}
