package dev.l610.mqttsn.gateway;

import dev.l610.broker.Mosquitto;
import dev.l610.mqttsn.codec.ConnAck;
import dev.l610.mqttsn.codec.Connect;
import dev.l610.mqttsn.codec.MqttSnCodec;
import dev.l610.mqttsn.codec.PubAck;
import dev.l610.mqttsn.codec.Publish;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.codec.TopicIdType;
import dev.l610.mqttsn.testutil.RawUdp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway's broker side against a real mosquitto: a password file (refused without credentials,
 * accepted with them, per client id too) and TLS with the broker's CA. Skipped without mosquitto
 * unless -Dl610.interop=required.
 */
class GatewayBrokerSecurityTest {

    /** CONNECT as {@code clientId}; the CONNACK's return code. */
    private static ReturnCode connect(MqttSnGateway gw, String clientId) {
        try (RawUdp raw = new RawUdp(gw.localAddress())) {
            raw.send(MqttSnCodec.encode(new Connect(false, true, 60, clientId)));
            return ((ConnAck) RawUdp.decode(raw.receive(15_000))).returnCode();
        }
    }

    @Test
    void a_broker_with_a_password_file_refuses_without_credentials_and_accepts_with_them(@TempDir Path dir) throws Exception {
        try (Mosquitto m = Mosquitto.start(dir, "gw-user", "s3cret pass")) {
            try (MqttSnGateway anonymous = MqttSnGateway.builder().broker("127.0.0.1", m.port).build().start()) {
                assertThat(connect(anonymous, "anon")).isEqualTo(ReturnCode.REJECTED_NOT_SUPPORTED); // CONNACK 5 from mosquitto
            }
            try (MqttSnGateway wrong = MqttSnGateway.builder().broker("127.0.0.1", m.port)
                    .brokerCredentials(BrokerCredentials.of("gw-user", "wrong")).build().start()) {
                assertThat(connect(wrong, "wrong")).isEqualTo(ReturnCode.REJECTED_NOT_SUPPORTED);
            }
            Path perClient = dir.resolve("clients");
            Files.writeString(perClient, "# client id, user, password\nbad-one gw-user nope\n");
            try (MqttSnGateway gw = MqttSnGateway.builder().broker("127.0.0.1", m.port)
                    .brokerCredentials(BrokerCredentials.of("gw-user", "s3cret pass"))
                    .clientCredentials(BrokerCredentials.loadPerClient(perClient)).build().start()) {
                assertThat(connect(gw, "good-one")).isEqualTo(ReturnCode.ACCEPTED);
                assertThat(connect(gw, "bad-one")).isEqualTo(ReturnCode.REJECTED_NOT_SUPPORTED); // its own, wrong password
                publishQos1(gw, "with-login");
            }
        }
    }

    @Test
    void tls_to_the_broker_with_its_ca_file(@TempDir Path dir) throws Exception {
        try (Mosquitto m = Mosquitto.startTls(dir)) {
            try (MqttSnGateway gw = MqttSnGateway.builder().broker("127.0.0.1", m.port)
                    .brokerTls(dir.resolve("cert.pem")).build().start()) {
                assertThat(connect(gw, "tls-1")).isEqualTo(ReturnCode.ACCEPTED);
                publishQos1(gw, "tls-2");
            }
            // the JVM's CAs do not know the self-signed certificate: refused ("rejected: congestion", try later)
            try (MqttSnGateway untrusted = MqttSnGateway.builder().broker("127.0.0.1", m.port).brokerTls(null).build().start()) {
                assertThat(connect(untrusted, "tls-3")).isEqualTo(ReturnCode.REJECTED_CONGESTION);
            }
        }
    }

    @Test
    void a_bad_ca_file_is_refused_when_building() throws Exception {
        Path notPem = Files.createTempFile("ca", ".pem");
        Files.writeString(notPem, "not a certificate");
        try {
            assertThatThrownBy(() -> MqttSnGateway.builder().brokerTls(notPem)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(notPem.toString());
            assertThatThrownBy(() -> MqttSnGateway.builder().brokerTls(notPem.resolveSibling("missing.pem")))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            Files.delete(notPem);
        }
    }

    @Test
    void the_per_client_file_names_its_bad_lines(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c");
        Files.writeString(f, "a u p\nlonely\n");
        assertThatThrownBy(() -> BrokerCredentials.loadPerClient(f)).hasMessageContaining("line 2");
        Files.writeString(f, "a u p\na v q\n");
        assertThatThrownBy(() -> BrokerCredentials.loadPerClient(f)).hasMessageContaining("given twice");
        Files.writeString(f, "a u pass with spaces\nb v\n");
        assertThat(BrokerCredentials.loadPerClient(f)).isEqualTo(Map.of("a", BrokerCredentials.of("u", "pass with spaces"),
                "b", BrokerCredentials.of("v", null)));
        assertThat(BrokerCredentials.of("u", "p").toString()).doesNotContain("p]").contains("****");
    }

    /** A QoS 1 PUBLISH on a short topic answered PUBACK accepted: the broker took it over the secured connection. */
    private static void publishQos1(MqttSnGateway gw, String clientId) {
        try (RawUdp raw = new RawUdp(gw.localAddress())) {
            raw.send(MqttSnCodec.encode(new Connect(false, true, 60, clientId)));
            assertThat(RawUdp.decode(raw.receive(15_000))).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            raw.send(MqttSnCodec.encode(new Publish(false, QoS.AT_LEAST_ONCE, false, TopicIdType.SHORT, ('s' << 8) | 'c', 9,
                    "x".getBytes(StandardCharsets.UTF_8))));
            assertThat(RawUdp.decode(raw.receive(15_000))).isEqualTo(new PubAck(('s' << 8) | 'c', 9, ReturnCode.ACCEPTED));
        }
    }
}
