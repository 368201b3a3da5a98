package dev.l610.mqttsn.testutil;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plain MQTT 3.1.1 client on the broker (HiveMQ), recording what it receives. Test code: it blocks. */
public final class MqttPeer implements AutoCloseable {

    /** One received message. */
    public record Received(String topic, String payload, int qos, boolean retain) {
    }

    private final Mqtt3AsyncClient client;
    private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    private final List<Received> all = new CopyOnWriteArrayList<>();

    public MqttPeer(String host, int port) {
        client = MqttClient.builder().useMqttVersion3().identifier("peer-" + UUID.randomUUID().toString().substring(0, 8))
                .serverHost(host).serverPort(port).buildAsync();
        client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL, this::record);
        join(client.connectWith().cleanSession(true).send());
    }

    private void record(Mqtt3Publish p) {
        Received r = new Received(p.getTopic().toString(), new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8),
                p.getQos().getCode(), p.isRetain());
        all.add(r);
        queue.add(r);
    }

    public MqttPeer subscribe(String filter, int qos) {
        join(client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send());
        return this;
    }

    public void publish(String topic, int qos, String payload) {
        publish(topic, qos, false, payload.getBytes(StandardCharsets.UTF_8));
    }

    public void publish(String topic, int qos, boolean retain, byte[] payload) {
        join(client.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).retain(retain).payload(payload).send());
    }

    /** The next message, or an AssertionError after the timeout. */
    public Received next(long timeoutMillis) {
        try {
            Received r = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new AssertionError("no MQTT message within " + timeoutMillis + " ms");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public List<Received> all() {
        return all;
    }

    @Override
    public void close() {
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // best effort
        }
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
