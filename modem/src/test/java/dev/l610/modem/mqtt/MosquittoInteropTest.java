package dev.l610.modem.mqtt;

import dev.l610.broker.Mosquitto;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The MQTT command set against a real mosquitto process (Debian's package). */
class MosquittoInteropTest {

    @TempDir
    Path dir;
    private ModemHarness h;

    @BeforeEach
    void modem() {
        h = new ModemHarness(ModemConfig.builder().outcomeTimeout(Duration.ofSeconds(5)).build());
        h.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
    }

    @AfterEach
    void close() {
        h.close();
    }

    private void is(String cmd, String answer) {
        h.send(cmd + "\r").expect(answer);
    }

    @Test
    void fullSessionWithRetainAndWillAndBrokerKilled() throws IOException {
        try (Mosquitto m = Mosquitto.start(dir, null, null);
             MqttPeer peer = new MqttPeer("127.0.0.1", m.port, "peer")) {
            peer.subscribe("dev/#", 2);
            is("AT+MQTTWILL=1,\"dev/will\",1,0,\"gone\"", "\r\nOK\r\n");
            is("AT+MQTTOPEN=1,\"127.0.0.1\"," + m.port + ",1,30", "\r\nOK\r\n");
            h.expect("\r\n+MQTTOPEN: 1,1\r\n");
            is("AT+MQTTSUB=1,\"cmd/#\",2", "\r\nOK\r\n");
            h.expect("\r\n+MQTTSUB: 1,1\r\n");
            for (int q = 0; q <= 2; q++) {
                is("AT+MQTTPUB=1,\"dev/q" + q + "\"," + q + ",0,\"v" + q + "\"", "\r\nOK\r\n");
                h.expect("\r\n+MQTTPUB: 1,1\r\n");
                assertThat(new String(peer.receive().getPayloadAsBytes(), StandardCharsets.US_ASCII)).isEqualTo("v" + q);
                peer.publish("cmd/x", q, "c" + q);
                h.expect("\r\n+MQTTMSG: 1," + q + ",\"cmd/x\",\"c" + q + "\"\r\n");
            }
            is("AT+MQTTPUB=1,\"dev/kept\",1,1,\"r\"", "\r\nOK\r\n");
            h.expect("\r\n+MQTTPUB: 1,1\r\n");
            peer.receive();
            try (MqttPeer late = new MqttPeer("127.0.0.1", m.port, "late")) {
                late.subscribe("dev/kept", 1);
                assertThat(late.receive().isRetain()).isTrue();
            }
            h.modem.mqtt().execute(s -> s.breakConnection(1));
            h.expect("\r\n+MQTTBREAK: 1,1\r\n");
            Mqtt3Publish will = peer.receive();
            assertThat(will.getTopic().toString()).isEqualTo("dev/will");
            is("AT+MQTTOPEN=1,\"127.0.0.1\"," + m.port + ",1,30", "\r\nOK\r\n");
            h.expect("\r\n+MQTTOPEN: 1,1\r\n");
            m.kill();
            h.expect("\r\n+MQTTBREAK: 1,1\r\n");
        }
    }

    @Test
    void tlsWithTheCaFileAndRefusedWithoutIt() throws IOException {
        try (Mosquitto m = Mosquitto.startTls(dir)) {
            try (ModemHarness tls = new ModemHarness(ModemConfig.builder().caFile(dir.resolve("cert.pem"))
                    .outcomeTimeout(Duration.ofSeconds(5)).build())) {
                tls.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
                tls.send("AT+MQTTOPEN=1,\"127.0.0.1\"," + m.port + ",1,30,2\r").expect("\r\nOK\r\n");
                tls.expect("\r\n+MQTTOPEN: 1,1\r\n");
                tls.send("AT+MQTTPUB=1,\"secure\",1,0,\"x\"\r").expect("\r\nOK\r\n");
                tls.expect("\r\n+MQTTPUB: 1,1\r\n");
            }
            // the JVM's CAs alone do not trust a self-signed broker
            is("AT+MQTTOPEN=1,\"127.0.0.1\"," + m.port + ",1,30,2", "\r\nOK\r\n");
            h.expect("\r\n+MQTTOPEN: 1,0\r\n");
            // plain TCP to a TLS listener fails too
            is("AT+MQTTOPEN=1,\"127.0.0.1\"," + m.port + ",1,30,0", "\r\nOK\r\n");
            h.expect("\r\n+MQTTOPEN: 1,0\r\n");
        }
    }

    @Test
    void badPasswordIsRefused() throws IOException {
        try (Mosquitto m = Mosquitto.start(dir, "alice", "s3cret")) {
            is("AT+MQTTUSER=1,\"alice\",\"wrong\",\"dev-a\"", "\r\nOK\r\n");
            is("AT+MQTTOPEN=1,\"127.0.0.1\"," + m.port + ",1,30", "\r\nOK\r\n");
            // mosquitto 2 refuses a wrong password of an MQTT 3.1.1 client with return code 5 (not authorized),
            // not 4; the modem reports what the broker said: 704. (Return code 4 -> 703: MqttCommandsTest.)
            h.expect("\r\n+CME ERROR: 704\r\n\r\n+MQTTOPEN: 1,0\r\n");
            is("AT+MQTTSUB=1,\"t\",0", "\r\nERROR\r\n");
            is("AT+CMEE=2;+MQTTUSER=1,\"\",\"\",\"dev-a\"", "\r\nOK\r\n");
            is("AT+MQTTOPEN=1,\"127.0.0.1\"," + m.port + ",1,30", "\r\nOK\r\n");
            // anonymous is refused too: mosquitto answers "not authorized" (5) -> 704, as text with CMEE=2
            h.expect("\r\n+CME ERROR: Not authorized\r\n\r\n+MQTTOPEN: 1,0\r\n");
            is("AT+CMEE=1;+MQTTUSER=1,\"alice\",\"s3cret\",\"dev-a\"", "\r\nOK\r\n");
            is("AT+MQTTOPEN=1,\"127.0.0.1\"," + m.port + ",1,30", "\r\nOK\r\n");
            h.expect("\r\n+MQTTOPEN: 1,1\r\n");
        }
    }
}
