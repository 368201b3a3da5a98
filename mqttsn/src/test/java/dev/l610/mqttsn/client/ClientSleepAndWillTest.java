package dev.l610.mqttsn.client;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.mqttsn.MqttSnRuntime;
import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.gateway.MqttSnGateway;
import dev.l610.mqttsn.testutil.Inbox;
import dev.l610.mqttsn.testutil.LossyRelay;
import dev.l610.mqttsn.testutil.MqttPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Our client's sleep / wake-up cycle (§6.14) and will updates (§6.4) against our gateway, through a lossy link. */
class ClientSleepAndWillTest {

    private static EmbeddedBroker broker;
    private static MqttSnRuntime runtime;
    private static MqttSnGateway gateway;

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

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static String text(IncomingMessage m) {
        return new String(m.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void sleep_buffer_wake_up_and_connect_again_over_a_lossy_link() throws Exception {
        Inbox inbox = new Inbox();
        try (LossyRelay relay = new LossyRelay(gateway.localAddress(), 1406L, 0.10, 0.05, 0.05);
             MqttPeer peer = new MqttPeer(broker.host(), broker.port());
             MqttSnClient c = MqttSnClient.builder().gateway(relay.clientSide()).clientId("sleeper").cleanSession(false)
                     .keepAlive(Duration.ofSeconds(30)).retry(Duration.ofMillis(150), 8).runtime(runtime).listener(inbox).build()) {
            assertThat(get(c.connect()).isAccepted()).isTrue();
            assertThat(get(c.subscribe(Topic.name("zz/#"), 1)).isSuccess()).isTrue();
            get(c.sleep(Duration.ofSeconds(60)));
            assertThat(c.state()).isEqualTo(ClientState.ASLEEP);
            assertThatThrownBy(() -> get(c.publish(Topic.name("zz/x"), 1, false, new byte[1])))
                    .cause().isInstanceOf(MqttSnNotConnectedException.class);

            for (int i = 0; i < 5; i++) {
                peer.publish("zz/a", 1, "m" + i);
            }
            // wakeUp completes on PINGRESP, after the messages buffered so far; the broker may still be
            // handing the last ones to the gateway, so wake as a device does, until all five came
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                get(c.wakeUp());
                return inbox.accepted().stream().map(ClientSleepAndWillTest::text).distinct().count() >= 5;
            });
            assertThat(c.state()).isEqualTo(ClientState.ASLEEP);
            // QoS 1 over a lossy link: at least once, in order
            assertThat(inbox.accepted().stream().map(ClientSleepAndWillTest::text).distinct())
                    .containsExactly("m0", "m1", "m2", "m3", "m4");

            peer.publish("zz/b", 1, "later");
            assertThat(get(c.connect()).isAccepted()).isTrue(); // ends the sleep; the session resumes
            assertThat(c.state()).isEqualTo(ClientState.CONNECTED);
            IncomingMessage later = inbox.next(30_000);
            while (!text(later).equals("later")) {
                later = inbox.next(30_000);
            }
            assertThat(later.topic()).isEqualTo(Topic.name("zz/b"));
            assertThat(gateway.counters().wakeups()).isPositive();
            assertThatThrownBy(() -> get(c.wakeUp())).cause().isInstanceOf(MqttSnNotConnectedException.class);
            get(c.disconnect());
        }
    }

    @Test
    void will_updates_from_our_client_change_the_will_the_broker_sees() throws Exception {
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port());
             MqttSnClient c = MqttSnClient.builder().gateway(gateway.localAddress()).clientId("will-upd")
                     .keepAlive(Duration.ofSeconds(1)).retry(Duration.ofMillis(150), 3).runtime(runtime)
                     .will("wu/old", 1, false, "old".getBytes(StandardCharsets.UTF_8)).listener(new Inbox()).build()) {
            peer.subscribe("wu/#", 1);
            assertThat(get(c.connect()).isAccepted()).isTrue();
            assertThat(get(c.updateWillTopic("wu/new", 1, false))).isEqualTo(ReturnCode.ACCEPTED);
            assertThat(get(c.updateWillMessage("new".getBytes(StandardCharsets.UTF_8)))).isEqualTo(ReturnCode.ACCEPTED);
            assertThatThrownBy(() -> get(c.updateWillTopic("wu/#", 1, false))).cause().isInstanceOf(MqttSnRejectedException.class);
            c.close(); // silent: the gateway gives up after 1.5 s and publishes the will as updated
            MqttPeer.Received will = peer.next(10_000);
            assertThat(will.topic()).isEqualTo("wu/new");
            assertThat(will.payload()).isEqualTo("new");
        }
    }
}
