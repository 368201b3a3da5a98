package dev.l610.mqttsn.client;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.mqttsn.MqttSnRuntime;
import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.gateway.MqttSnGateway;
import dev.l610.mqttsn.testutil.Inbox;
import dev.l610.mqttsn.testutil.LossyRelay;
import dev.l610.mqttsn.testutil.MqttPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Client and gateway through a relay that drops 15 %, duplicates 10 % and reorders 10 % of the
 * datagrams in each direction (seeded): QoS 1 arrives at least once, QoS 2 exactly once, and
 * retransmissions did the work. Then the relay or the gateway goes away and the client notices.
 */
class LossyLinkTest {

    private static final long SEED = 20240610L;
    private static EmbeddedBroker broker;
    private static MqttSnRuntime runtime;
    private static MqttSnGateway gateway;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.startEphemeral();
        runtime = MqttSnRuntime.create();
        gateway = MqttSnGateway.builder().broker(broker.host(), broker.port()).runtime(runtime)
                .retry(Duration.ofMillis(150), 8).build().start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        runtime.close();
        broker.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeAfter.size() - 1; i >= 0; i--) {
            closeAfter.get(i).close();
        }
    }

    private <T extends AutoCloseable> T later(T c) {
        closeAfter.add(c);
        return c;
    }

    private MqttSnClient client(LossyRelay relay, String id, Inbox inbox, Duration keepAlive, int retries) {
        return later(MqttSnClient.builder().gateway(relay.clientSide()).clientId(id).keepAlive(keepAlive)
                .retry(Duration.ofMillis(150), retries).runtime(runtime).listener(inbox).build());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, Long> countByPayload(List<String> payloads) {
        return payloads.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void upstream_qos1_at_least_once_and_qos2_exactly_once() throws Exception {
        MqttPeer peer = later(new MqttPeer(broker.host(), broker.port())).subscribe("up/#", 2);
        LossyRelay relay = later(new LossyRelay(gateway.localAddress(), SEED, 0.15, 0.10, 0.10));
        MqttSnClient c = client(relay, "lossy-up", new Inbox(), Duration.ofSeconds(10), 8);
        assertThat(c.connect().get(20, TimeUnit.SECONDS).isAccepted()).isTrue();

        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            sent.add(c.publish(Topic.name("up/q1"), 1, false, utf8("q1-" + i)));
            sent.add(c.publish(Topic.name("up/q2"), 2, false, utf8("q2-" + i)));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(45, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Long> got = countByPayload(peer.all().stream().map(MqttPeer.Received::payload).collect(Collectors.toList()));
            for (int i = 0; i < 15; i++) {
                assertThat(got.getOrDefault("q1-" + i, 0L)).as("q1-%d", i).isGreaterThanOrEqualTo(1);
                assertThat(got.getOrDefault("q2-" + i, 0L)).as("q2-%d", i).isEqualTo(1);
            }
        });
        assertThat(c.counters().retransmissions()).as(relay.toString()).isPositive();
        assertThat(relay.dropped.get()).isPositive();
        assertThat(relay.duplicated.get()).isPositive();
    }

    @Test
    void downstream_qos1_at_least_once_and_qos2_exactly_once() throws Exception {
        MqttPeer peer = later(new MqttPeer(broker.host(), broker.port()));
        LossyRelay relay = later(new LossyRelay(gateway.localAddress(), SEED + 7, 0.15, 0.10, 0.10));
        Inbox inbox = new Inbox();
        MqttSnClient c = client(relay, "lossy-down", inbox, Duration.ofSeconds(10), 8);
        assertThat(c.connect().get(20, TimeUnit.SECONDS).isAccepted()).isTrue();
        assertThat(c.subscribe(Topic.name("down/#"), 2).get(20, TimeUnit.SECONDS).isSuccess()).isTrue();
        long gatewayRetransmissions = gateway.counters().retransmissions();

        for (int i = 0; i < 15; i++) {
            peer.publish("down/q1", 1, "q1-" + i);
            peer.publish("down/q2", 2, "q2-" + i);
        }
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            Map<String, Long> got = countByPayload(inbox.accepted().stream()
                    .map(m -> new String(m.payload(), StandardCharsets.UTF_8)).collect(Collectors.toList()));
            for (int i = 0; i < 15; i++) {
                assertThat(got.getOrDefault("q1-" + i, 0L)).as("q1-%d", i).isGreaterThanOrEqualTo(1);
                assertThat(got.getOrDefault("q2-" + i, 0L)).as("q2-%d", i).isEqualTo(1);
            }
        });
        assertThat(gateway.counters().retransmissions()).as(relay.toString()).isGreaterThan(gatewayRetransmissions);
        assertThat(c.state()).isEqualTo(ClientState.CONNECTED);
    }

    @Test
    void the_client_reports_the_loss_when_the_relay_drops_everything() throws Exception {
        LossyRelay relay = later(new LossyRelay(gateway.localAddress(), SEED, 0, 0, 0));
        Inbox inbox = new Inbox();
        MqttSnClient c = client(relay, "lossy-silent", inbox, Duration.ofSeconds(1), 3);
        assertThat(c.connect().get(10, TimeUnit.SECONDS).isAccepted()).isTrue();
        // a CONNACK later than Tretry (the gateway first connects to the broker; a loaded machine)
        // legitimately made the client send CONNECT again: count only what follows the black hole
        long before = c.counters().retransmissions();
        relay.blackhole(true);
        // keep-alive 1 s, then PINGREQ + 3 retransmissions 150 ms apart; nothing answers any of them
        assertThat(inbox.lost().get(10, TimeUnit.SECONDS)).isInstanceOf(MqttSnTimeoutException.class)
                .hasMessageContaining("PINGRESP").hasMessageContaining("after 3 retransmission(s)");
        assertThat(c.state()).isEqualTo(ClientState.DISCONNECTED);
        assertThat(c.counters().retransmissions() - before).as("PINGREQ retransmissions").isEqualTo(3);
        assertThat(inbox.lostCalls()).isEqualTo(1);
    }

    @Test
    void the_client_reports_the_loss_when_its_gateway_closes() throws Exception {
        EmbeddedBroker b = later(EmbeddedBroker.startEphemeral());
        MqttSnGateway own = later(MqttSnGateway.builder().broker(b.host(), b.port()).runtime(runtime)
                .retry(Duration.ofMillis(150), 3).build().start());
        Inbox inbox = new Inbox();
        MqttSnClient c = later(MqttSnClient.builder().gateway(own.localAddress()).clientId("closing-gw")
                .retry(Duration.ofMillis(150), 3).runtime(runtime).listener(inbox).build());
        assertThat(c.connect().get(10, TimeUnit.SECONDS).isAccepted()).isTrue();
        own.close(); // DISCONNECT to every client, then the socket closes
        assertThat(inbox.lost().get(10, TimeUnit.SECONDS)).isInstanceOf(MqttSnConnectionLostException.class);
        // a request now finds no gateway at all: the port is unreachable
        assertThat(c.connect()).failsWithin(Duration.ofSeconds(10));
    }
}
