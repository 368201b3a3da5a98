package dev.l610.mqttsn.gateway;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.client.ClientState;
import dev.l610.mqttsn.client.MqttSnClient;
import dev.l610.mqttsn.codec.MqttSnCodec;
import dev.l610.mqttsn.codec.Publish;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.TopicIdType;
import dev.l610.mqttsn.testutil.Inbox;
import dev.l610.mqttsn.testutil.MqttPeer;
import dev.l610.mqttsn.testutil.RawUdp;
import dev.l610.mqttsn.testutil.Vectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** QoS -1 (§6.8): PUBLISH without a connection, by predefined id or short name, from raw frames and from our client. */
class GatewayMinusOneTest {

    private static EmbeddedBroker broker;
    private static MqttSnGateway gateway;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.startEphemeral();
        gateway = MqttSnGateway.builder().broker(broker.host(), broker.port())
                .predefinedTopics(PredefinedTopics.of(Map.of(1, "sensors/pre", 7, "m1/seven")))
                .retry(Duration.ofMillis(300), 3).build().start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        broker.close();
    }

    private static byte[] publish(TopicIdType type, int id, String payload) {
        return MqttSnCodec.encode(new Publish(false, QoS.MINUS_ONE, false, type, id, 0, payload.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void raw_qos_minus_one_by_predefined_id_and_short_name_reaches_the_broker_without_a_connection() {
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port()); RawUdp raw = new RawUdp(gateway.localAddress())) {
            peer.subscribe("sensors/pre", 1).subscribe("m1/seven", 1).subscribe("zz", 1);
            long before = gateway.counters().minusOnePublishes();
            raw.send(Vectors.named("PUBLISH qos-1 predefined id=1 'x'").frame()); // as the Paho qos-1pub sample sends it
            MqttPeer.Received first = peer.next(10_000);
            assertThat(first.topic()).isEqualTo("sensors/pre");
            assertThat(first.payload()).isEqualTo("x");
            assertThat(first.qos()).isZero();

            raw.send(publish(TopicIdType.SHORT, ('z' << 8) | 'z', "short"));
            raw.send(publish(TopicIdType.PREDEFINED, 7, "seven"));
            assertThat(peer.next(10_000).payload()).isEqualTo("short"); // in order, one connection
            assertThat(peer.next(10_000).payload()).isEqualTo("seven");
            assertThat(gateway.counters().minusOnePublishes()).isEqualTo(before + 3);
            assertThat(raw.poll(300)).as("QoS -1 has no answer").isNull();
            assertThat(gateway.sessionCount()).isZero();
        }
    }

    @Test
    void qos_minus_one_to_a_normal_or_unknown_id_is_dropped_and_counted() {
        try (RawUdp raw = new RawUdp(gateway.localAddress())) {
            long before = gateway.counters().minusOneDropped();
            raw.send(publish(TopicIdType.NORMAL, 5, "normal")); // normal ids exist only inside a connection
            raw.send(publish(TopicIdType.PREDEFINED, 99, "unknown"));
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.counters().minusOneDropped() == before + 2);
            assertThat(raw.poll(300)).isNull();
        }
    }

    @Test
    void our_client_publishes_qos_minus_one_without_connecting() throws Exception {
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port());
             MqttSnClient c = MqttSnClient.builder().gateway(gateway.localAddress()).clientId("m1-client")
                     .listener(new Inbox()).build()) {
            peer.subscribe("m1/seven", 1).subscribe("ab", 1);
            c.publish(Topic.predefined(7), -1, false, "by id".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
            c.publish(Topic.shortName("ab"), -1, false, "by name".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
            assertThat(peer.next(10_000).payload()).isEqualTo("by id");
            assertThat(peer.next(10_000).payload()).isEqualTo("by name");
            assertThat(c.state()).isEqualTo(ClientState.DISCONNECTED);
        }
    }
}
