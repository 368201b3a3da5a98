package dev.l610.modem.internal.mqtt3;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import dev.l610.broker.EmbeddedBroker;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.internal.net.PathFaults;
import dev.l610.modem.mqtt.InboundMessage;
import dev.l610.modem.mqtt.OpenParams;
import dev.l610.modem.mqtt.Topic;
import dev.l610.modem.mqtt.Will;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Mqtt3Connection} against the real embedded broker (Moquette), on a {@link ModemRuntime} loop. */
class Mqtt3ConnectionBrokerTest {

    private static EmbeddedBroker broker;
    private static ModemRuntime runtime;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.startEphemeral();
        runtime = ModemRuntime.create(1);
    }

    @AfterAll
    static void stop() {
        runtime.close();
        broker.close();
    }

    private static Mqtt3Connection connection(String clientId, Will will, Recorder events) {
        OpenParams p = new OpenParams(broker.host(), broker.port(), true, 60, false, clientId, "", "", will);
        return new Mqtt3Connection(runtime.nextLoop(), runtime.socketChannelClass(), p, events, new Mqtt3State(),
                null, new PathFaults(1), Resolver.on(runtime.blocking()), Duration.ofSeconds(30));
    }

    private static <T> T get(CompletableFuture<T> f) {
        return f.orTimeout(60, TimeUnit.SECONDS).join();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void subscribePublishReceiveAtEveryQos() {
        Recorder events = new Recorder();
        Mqtt3Connection c = connection("rt-1", null, events);
        assertThat(get(c.connect())).isZero();
        assertThat(get(c.subscribe(new Topic.Name("rt/#"), 2))).isTrue();
        for (int qos = 0; qos <= 2; qos++) {
            assertThat(get(c.publish(new Topic.Name("rt/" + qos), qos, false, b("q" + qos)))).isTrue();
        }
        Map<String, Integer> got = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            InboundMessage m = events.next();
            m.ack();
            got.put(new String(m.payload(), StandardCharsets.US_ASCII), m.qos());
        }
        assertThat(got).containsEntry("q0", 0).containsEntry("q1", 1).containsEntry("q2", 2);
        assertThat(get(c.unsubscribe(new Topic.Name("rt/#")))).isTrue();
        get(c.disconnect());
        assertThat(events.lost).isEmpty();
    }

    @Test
    void theWillIsDroppedAfterDisconnectAndPublishedAfterAbort() throws InterruptedException {
        Mqtt3BlockingClient peer = MqttClient.builder().useMqttVersion3().identifier("will-watcher")
                .serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
        peer.connectWith().cleanSession(true).send();
        try (Mqtt3BlockingClient.Mqtt3Publishes publishes = peer.publishes(MqttGlobalPublishFilter.ALL)) {
            peer.subscribeWith().topicFilter("will/#").qos(MqttQos.AT_LEAST_ONCE).send();
            // DISCONNECT: the broker drops the will, so the next message is the marker
            Mqtt3Connection polite = connection("rt-3", new Will("will/rt-3", 1, false, b("not sent")), new Recorder());
            assertThat(get(polite.connect())).isZero();
            get(polite.disconnect());
            peer.publishWith().topic("will/marker").qos(MqttQos.AT_LEAST_ONCE).payload(b("marker")).send();
            Optional<Mqtt3Publish> marker = publishes.receive(60, TimeUnit.SECONDS);
            assertThat(marker).isPresent();
            assertThat(marker.get().getTopic().toString()).isEqualTo("will/marker");

            Recorder events = new Recorder();
            Mqtt3Connection c = connection("rt-2", new Will("will/rt-2", 1, false, b("gone")), events);
            assertThat(get(c.connect())).isZero();
            c.abort();
            Optional<Mqtt3Publish> will = publishes.receive(60, TimeUnit.SECONDS);
            assertThat(will).isPresent();
            assertThat(will.get().getTopic().toString()).isEqualTo("will/rt-2");
            assertThat(new String(will.get().getPayloadAsBytes(), StandardCharsets.US_ASCII)).isEqualTo("gone");
            assertThat(events.lost).isEmpty();
        } finally {
            peer.disconnect();
        }
    }

    /**
     * pauseReading (the +MQTTCONF=1 store's withheld cap): nothing is read while paused, also not for
     * more than 1.5 x keepalive (which does not end the connection); after resume the message comes.
     */
    @Test
    void pausedReadingHoldsMessagesUntilResumedAndKeepsTheConnection() {
        Recorder events = new Recorder();
        OpenParams p = new OpenParams(broker.host(), broker.port(), true, 1, false, "rt-pause", "", "", null);
        Mqtt3Connection c = new Mqtt3Connection(runtime.nextLoop(), runtime.socketChannelClass(), p, events, new Mqtt3State(),
                null, new PathFaults(1), Resolver.on(runtime.blocking()), Duration.ofSeconds(30));
        assertThat(get(c.connect())).isZero();
        assertThat(get(c.subscribe(new Topic.Name("pause/#"), 1))).isTrue();
        Mqtt3BlockingClient witness = MqttClient.builder().useMqttVersion3().identifier("pause-witness")
                .serverHost(broker.host()).serverPort(broker.port()).buildBlocking();
        witness.connectWith().cleanSession(true).send();
        try (Mqtt3BlockingClient.Mqtt3Publishes publishes = witness.publishes(MqttGlobalPublishFilter.ALL)) {
            witness.subscribeWith().topicFilter("pause/#").qos(MqttQos.AT_LEAST_ONCE).send();
            c.pauseReading(true);
            org.awaitility.Awaitility.await().until(c::readingPaused);
            witness.publishWith().topic("pause/a").qos(MqttQos.AT_LEAST_ONCE).payload(b("held")).send();
            assertThat(publishes.receive(60, TimeUnit.SECONDS)).isPresent(); // the broker has routed it
            // 2.5 s > 1.5 x keepalive (1 s): no message read, the connection not given up
            org.awaitility.Awaitility.await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                    .until(() -> events.messages.isEmpty() && events.lost.isEmpty());
            c.pauseReading(false);
            InboundMessage m = events.next();
            assertThat(new String(m.payload(), StandardCharsets.US_ASCII)).isEqualTo("held");
            m.ack();
            assertThat(events.lost).isEmpty();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            witness.disconnect();
            get(c.disconnect());
        }
    }
}
