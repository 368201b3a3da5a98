package dev.l610.modem.mqtt;

import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import dev.l610.broker.EmbeddedBroker;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemHarness;
import dev.l610.mqttsn.gateway.MqttSnGateway;
import dev.l610.mqttsn.gateway.PredefinedTopics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Client ids 101/102: MQTT-SN through the AT byte stream, to our gateway, bridged to a real broker. */
class MqttSnCommandsTest {

    private static EmbeddedBroker broker;
    private static MqttSnGateway gateway;
    private ModemHarness h;
    private MqttPeer peer;

    @BeforeAll
    static void startInfrastructure() {
        broker = EmbeddedBroker.startEphemeral();
        gateway = MqttSnGateway.builder().broker(broker.host(), broker.port())
                .predefinedTopics(PredefinedTopics.of(Map.of(42, "sensors/predef")))
                .retry(Duration.ofMillis(300), 3).build().start();
    }

    @AfterAll
    static void stopInfrastructure() {
        gateway.close();
        broker.close();
    }

    @BeforeEach
    void start() {
        h = new ModemHarness(ModemConfig.builder().outcomeTimeout(Duration.ofSeconds(5)).storeMessages(2)
                .snRetry(Duration.ofMillis(300), 3).build());
        h.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
        peer = new MqttPeer(broker.host(), broker.port(), "sn-peer");
    }

    @AfterEach
    void stop() {
        peer.close();
        h.close();
    }

    private void is(String cmd, String answer) {
        h.send(cmd + "\r").expect(answer);
    }

    private void open(int id, int keepalive) {
        is("AT+MQTTOPEN=" + id + ",\"127.0.0.1\"," + gateway.localAddress().getPort() + ",1," + keepalive, "\r\nOK\r\n");
        h.expect("\r\n+MQTTOPEN: " + id + ",1\r\n");
    }

    @Test
    void publishWithEachTopicType() {
        peer.subscribe("#", 1);
        open(101, 60);
        is("AT+MQTTPUB=101,\"sensors/temp\",1,0,\"21.5\"", "\r\nOK\r\n"); // name: REGISTER first
        h.expect("\r\n+MQTTPUB: 101,1\r\n");
        assertThat(peer.receive().getTopic().toString()).isEqualTo("sensors/temp");
        is("AT+MQTTPUB=101,42,1,0,\"p\"", "\r\nOK\r\n"); // predefined id
        h.expect("\r\n+MQTTPUB: 101,1\r\n");
        assertThat(peer.receive().getTopic().toString()).isEqualTo("sensors/predef");
        is("AT+MQTTPUB=101,\"ab\",2,0,\"s\"", "\r\nOK\r\n"); // short topic
        h.expect("\r\n+MQTTPUB: 101,1\r\n");
        Mqtt3Publish s = peer.receive();
        assertThat(s.getTopic().toString()).isEqualTo("ab");
        assertThat(new String(s.getPayloadAsBytes(), StandardCharsets.US_ASCII)).isEqualTo("s");
        is("AT+MQTTPUB=101,\"sensors/temp\",0,0,4", "\r\n>\r\n");
        h.send(new byte[] {0, 1, (byte) 0xff, '"'});
        h.expect("\r\nOK\r\n\r\n+MQTTPUB: 101,1\r\n");
        assertThat(peer.receive().getPayloadAsBytes()).containsExactly(0, 1, 0xff, '"');
    }

    @Test
    void messagesFromAPlainMqttClientArriveOn101() {
        open(101, 60);
        is("AT+MQTTSUB=101,\"cmd/sn\",1", "\r\nOK\r\n");
        h.expect("\r\n+MQTTSUB: 101,1\r\n");
        peer.publish("cmd/sn", 1, "go");
        h.expect("\r\n+MQTTMSG: 101,1,\"cmd/sn\",\"go\"\r\n");
        is("AT+MQTTSUB=101,42,0", "\r\nOK\r\n");
        h.expect("\r\n+MQTTSUB: 101,1\r\n");
        peer.publish("sensors/predef", 0, "pre");
        h.expect("\r\n+MQTTMSG: 101,0,42,\"pre\"\r\n"); // predefined id: a bare integer
        is("AT+MQTTSUB=101,\"cd\",0", "\r\nOK\r\n");
        h.expect("\r\n+MQTTSUB: 101,1\r\n");
        peer.publish("cd", 0, "short");
        h.expect("\r\n+MQTTMSG: 101,0,\"cd\",\"short\"\r\n");
        is("AT+MQTTSUB=101,\"wild/#\",0", "\r\nOK\r\n");
        h.expect("\r\n+MQTTSUB: 101,1\r\n");
        peer.publish("wild/x/y", 0, "w");
        h.expect("\r\n+MQTTMSG: 101,0,\"wild/x/y\",\"w\"\r\n"); // the gateway REGISTERs the concrete topic
        is("AT+MQTTUNSUB=101,\"cmd/sn\"", "\r\nOK\r\n");
        h.expect("\r\n+MQTTUNSUB: 101,1\r\n");
        is("AT+MQTTCLOSE=101", "\r\nOK\r\n");
        h.expect("\r\n+MQTTCLOSE: 101,1\r\n");
    }

    @Test
    void storeModeForMqttSn() {
        is("AT+MQTTCONF=1", "\r\nOK\r\n");
        open(102, 60);
        is("AT+MQTTSUB=102,42,1", "\r\nOK\r\n");
        h.expect("\r\n+MQTTSUB: 102,1\r\n");
        for (int i = 0; i < 3; i++) {
            peer.publish("sensors/predef", 1, "v" + i);
        }
        // predefined id in place of the topic length; the third waits at the gateway (store holds 2)
        h.expect("\r\n+MQTTMSGI: 102,1,42,2\r\n\r\n+MQTTMSGI: 102,1,42,2\r\n");
        is("AT+MQTTREAD=102", "\r\n+MQTTREAD: 102,1,42,2,42,\"v0\"\r\n\r\nOK\r\n");
        h.expect("\r\n+MQTTMSGI: 102,1,42,2\r\n"); // resent by the gateway after Tretry, now there is room
        is("AT+MQTTREAD=102", "\r\n+MQTTREAD: 102,1,42,2,42,\"v1\"\r\n\r\nOK\r\n");
        is("AT+MQTTREAD=102", "\r\n+MQTTREAD: 102,1,42,2,42,\"v2\"\r\n\r\nOK\r\n");
        is("AT+MQTTREAD=102", "\r\n+MQTTREAD: 102,0,0,0\r\n\r\nOK\r\n");
    }

    @Test
    void willDeliveredWhenTheModemDisappears() {
        peer.subscribe("dev/sn-status", 1);
        is("AT+MQTTWILL=101,\"dev/sn-status\",1,0,\"lost\"", "\r\nOK\r\n");
        open(101, 1);
        is("AT+CFUN=0", "\r\nOK\r\n\r\n+MQTTBREAK: 101,3\r\n\r\n+MIPCALL: 0\r\n");
        Mqtt3Publish will = peer.receive();
        assertThat(will.getTopic().toString()).isEqualTo("dev/sn-status");
        assertThat(new String(will.getPayloadAsBytes(), StandardCharsets.US_ASCII)).isEqualTo("lost");
    }

    @Test
    void gatewaySilentBreaksWithCause1() {
        try (MqttSnGateway doomed = MqttSnGateway.builder().broker(broker.host(), broker.port()).build().start()) {
            is("AT+MQTTOPEN=101,\"127.0.0.1\"," + doomed.localAddress().getPort() + ",1,1", "\r\nOK\r\n");
            h.expect("\r\n+MQTTOPEN: 101,1\r\n");
            doomed.close();
            h.expect("\r\n+MQTTBREAK: 101,1\r\n");
        }
    }

    @Test
    void lossyAndSlowUdpPathStillDeliversQos1And2() {
        // Nretry 10: with 20 % loss each way a round trip fails 36 % of the time, eleven in a row 1e-5
        h.close();
        h = new ModemHarness(ModemConfig.builder().outcomeTimeout(Duration.ofSeconds(10)).snRetry(Duration.ofMillis(200), 10).build());
        h.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
        peer.subscribe("lossy/#", 2);
        open(101, 60);
        h.modem.faults().udp(20, 0.2).join();
        for (int q = 1; q <= 2; q++) {
            for (int i = 0; i < 3; i++) {
                is("AT+MQTTPUB=101,\"lossy/" + q + "\"," + q + ",0,\"m" + i + "\"", "\r\nOK\r\n");
                h.expect("\r\n+MQTTPUB: 101,1\r\n");
            }
        }
        java.util.Set<String> got = new java.util.HashSet<>();
        while (got.size() < 6) {
            Mqtt3Publish p = peer.receive();
            got.add(p.getTopic() + "=" + new String(p.getPayloadAsBytes(), StandardCharsets.US_ASCII));
        }
        assertThat(got).contains("lossy/1=m0", "lossy/1=m2", "lossy/2=m0", "lossy/2=m2");
        h.modem.faults().udp(0, 0).join();
    }

    @Test
    void blackholedUdpPathBreaksWithCause1() {
        open(102, 60);
        h.modem.faults().blackhole(true).join();
        is("AT+MQTTPUB=102,\"x\",1,0,\"y\"", "\r\nOK\r\n");
        // Tretry 300 ms x Nretry 3: the gateway counts as lost
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> h.available().length() >= 40);
        assertThat(h.available()).isIn("\r\n+MQTTBREAK: 102,1\r\n\r\n+MQTTPUB: 102,0\r\n",
                "\r\n+MQTTPUB: 102,0\r\n\r\n+MQTTBREAK: 102,1\r\n");
    }

    /**
     * docs/at-reference.md §4: with clean session 0 a QoS 2 publish cut off by a break is answered
     * {@code +MQTTPUB: 101,0} at once, and the client id's MQTT-SN session sends it on the next open, once,
     * without a second URC; the host does not send it again.
     */
    @Test
    void aQos2PublishCutOffByABreakIsSentByTheSessionOnTheNextCleanSession0Open() {
        peer.subscribe("sn/q2", 2);
        String open = "AT+MQTTOPEN=101,\"127.0.0.1\"," + gateway.localAddress().getPort() + ",0,60";
        is(open, "\r\nOK\r\n");
        h.expect("\r\n+MQTTOPEN: 101,1\r\n");
        h.modem.faults().blackhole(true).join();
        is("AT+MQTTPUB=101,\"sn/q2\",2,0,\"once\"", "\r\nOK\r\n"); // its REGISTER is lost, then the gateway counts as lost
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> h.available().length() >= 40);
        assertThat(h.available()).isIn("\r\n+MQTTBREAK: 101,1\r\n\r\n+MQTTPUB: 101,0\r\n",
                "\r\n+MQTTPUB: 101,0\r\n\r\n+MQTTBREAK: 101,1\r\n");
        h.consume(40);
        h.modem.faults().blackhole(false).join();

        is(open, "\r\nOK\r\n");
        h.expect("\r\n+MQTTOPEN: 101,1\r\n");
        assertThat(new String(peer.receive().getPayloadAsBytes(), StandardCharsets.US_ASCII)).isEqualTo("once");
        is("AT+MQTTPUB=101,\"sn/q2\",1,0,\"next\"", "\r\nOK\r\n");
        h.expect("\r\n+MQTTPUB: 101,1\r\n"); // no URC for the one the session sent
        assertThat(new String(peer.receive().getPayloadAsBytes(), StandardCharsets.US_ASCII)).isEqualTo("next");
        is("AT+MQTTCLOSE=101", "\r\nOK\r\n");
        h.expect("\r\n+MQTTCLOSE: 101,1\r\n");
    }

    @Test
    void parameterRulesOfMqttSnIds() {
        is("AT+MQTTOPEN=101,\"127.0.0.1\",1885,1,60,2", "\r\n+CME ERROR: 50\r\n"); // no TLS over UDP
        is("AT+MQTTUSER=101,\"u\",\"p\"", "\r\n+CME ERROR: 50\r\n");
        open(101, 60);
        is("AT+MQTTPUB=101,0,0,0,\"x\"", "\r\nERROR\r\n");
        is("AT+MQTTPUB=101,65536,0,0,\"x\"", "\r\nERROR\r\n");
        is("AT+MQTTPUB=1,42,0,0,\"x\"", "\r\nERROR\r\n"); // topic ids are for 101/102 only
        is("AT+MQTTOPEN=101,\"127.0.0.1\",1885,1,60", "\r\n+CME ERROR: 3\r\n");
    }
}
