package dev.l610.broker;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedBrokerTest {

    @Test
    void publishesBetweenTwoRealClients() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral()) {
            assertThat(broker.port()).isPositive();
            Mqtt3BlockingClient sub = client("sub", broker);
            Mqtt3BlockingClient pub = client("pub", broker);
            sub.connect();
            pub.connect();
            try (Mqtt3BlockingClient.Mqtt3Publishes publishes = sub.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                sub.subscribeWith().topicFilter("t/#").qos(MqttQos.AT_LEAST_ONCE).send();
                pub.publishWith().topic("t/1").qos(MqttQos.AT_LEAST_ONCE).payload("hello".getBytes(StandardCharsets.US_ASCII)).send();
                Mqtt3Publish got = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(got.getTopic().toString()).isEqualTo("t/1");
                assertThat(new String(got.getPayloadAsBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");
            }
            sub.disconnect();
            pub.disconnect();
        }
    }

    @Test
    void acceptsAnEmptyClientIdWithCleanSession() {
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral()) {
            Mqtt3BlockingClient anon = MqttClient.builder().useMqttVersion3()
                    .serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
            assertThat(anon.connect().getReturnCode().isError()).isFalse();
            anon.disconnect();
        }
    }

    @Test
    void takenPortGivesAClearError() {
        try (EmbeddedBroker first = EmbeddedBroker.startEphemeral()) {
            assertThatThrownBy(() -> EmbeddedBroker.start("127.0.0.1", first.port()))
                    .isInstanceOf(EmbeddedBroker.BrokerStartException.class)
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void closeSkipsNettysQuietPeriodAndFreesThePort() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.startEphemeral();
        Mqtt3BlockingClient c = client("c", broker);
        c.connect();
        broker.close();
        // Moquette 0.17 keeps its event loops where close() looks for them: no 2 s quiet period
        assertThat(broker.closedQuickly()).isTrue();
        try (java.net.ServerSocket again = new java.net.ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(broker.address());
        }
    }

    private static Mqtt3BlockingClient client(String id, EmbeddedBroker broker) {
        return MqttClient.builder().useMqttVersion3().identifier(id)
                .serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
    }
}
