package dev.l610.modem.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A plain MQTT client on the same broker: the other end of the modem's messages. */
final class MqttPeer implements AutoCloseable {

    private final Mqtt3BlockingClient client;
    private final Mqtt3BlockingClient.Mqtt3Publishes publishes;

    MqttPeer(String host, int port, String id) {
        client = MqttClient.builder().useMqttVersion3().identifier(id).serverHost(host).serverPort(port).buildBlocking();
        client.connectWith().cleanSession(true).send();
        publishes = client.publishes(MqttGlobalPublishFilter.ALL);
    }

    MqttPeer subscribe(String filter, int qos) {
        client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send();
        return this;
    }

    void publish(String topic, int qos, boolean retain, byte[] payload) {
        client.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).retain(retain).payload(payload).send();
    }

    void publish(String topic, int qos, String payload) {
        publish(topic, qos, false, payload.getBytes(StandardCharsets.ISO_8859_1));
    }

    Mqtt3Publish receive() {
        try {
            Optional<Mqtt3Publish> p = publishes.receive(10, TimeUnit.SECONDS);
            return p.orElseThrow(() -> new AssertionError("no message within 10 s"));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    Optional<Mqtt3Publish> receiveNow(long millis) throws InterruptedException {
        return publishes.receive(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        publishes.close();
        try {
            client.disconnect();
        } catch (RuntimeException ignored) {
            // broker may be gone already
        }
    }
}
