package dev.l610.mqttsn.client;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.mqttsn.MqttSnRuntime;
import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.gateway.MqttSnGateway;
import dev.l610.mqttsn.gateway.PredefinedTopics;
import dev.l610.mqttsn.testutil.Inbox;
import dev.l610.mqttsn.testutil.MqttPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Our client through our gateway to a real broker, all over real UDP and TCP on 127.0.0.1. */
class ClientGatewayTest {

    private static EmbeddedBroker broker;
    private static MqttSnRuntime runtime;
    private static MqttSnGateway gateway;
    private static int n;
    private final List<MqttSnClient> clients = new ArrayList<>();
    private MqttPeer peer;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.startEphemeral();
        runtime = MqttSnRuntime.create();
        gateway = MqttSnGateway.builder().broker(broker.host(), broker.port()).runtime(runtime)
                .predefinedTopics(PredefinedTopics.of(Map.of(1, "sn/pre", 2, "in/pre")))
                .retry(Duration.ofMillis(200), 3).build().start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        runtime.close();
        broker.close();
    }

    @BeforeEach
    void peer() {
        peer = new MqttPeer(broker.host(), broker.port());
    }

    @AfterEach
    void closeAll() {
        clients.forEach(MqttSnClient::close);
        peer.close();
    }

    private MqttSnClient client(Inbox inbox, Duration keepAlive) {
        MqttSnClient c = MqttSnClient.builder().gateway(gateway.localAddress()).clientId("sn-" + (++n))
                .keepAlive(keepAlive).retry(Duration.ofMillis(200), 3).runtime(runtime).listener(inbox).build();
        clients.add(c);
        return c;
    }

    private MqttSnClient connected(Inbox inbox) throws Exception {
        MqttSnClient c = client(inbox, Duration.ofSeconds(30));
        assertThat(get(c.connect()).returnCode()).isEqualTo(ReturnCode.ACCEPTED);
        assertThat(c.state()).isEqualTo(ClientState.CONNECTED);
        return c;
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    void publishes_to_a_name_a_predefined_id_and_a_short_name(int qos) throws Exception {
        peer.subscribe("sn/#", 2).subscribe("ab", 2);
        MqttSnClient c = connected(new Inbox());

        get(c.publish(Topic.name("sn/name"), qos, false, utf8("n" + qos)));
        get(c.publish(Topic.name("sn/name"), qos, false, utf8("again" + qos))); // id cached: no REGISTER
        get(c.publish(Topic.predefined(1), qos, false, utf8("p" + qos)));
        get(c.publish(Topic.shortName("ab"), qos, false, utf8("s" + qos)));

        List<MqttPeer.Received> got = List.of(peer.next(5000), peer.next(5000), peer.next(5000), peer.next(5000));
        assertThat(got).extracting(MqttPeer.Received::topic, MqttPeer.Received::payload).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("sn/name", "n" + qos), org.assertj.core.groups.Tuple.tuple("sn/name", "again" + qos),
                org.assertj.core.groups.Tuple.tuple("sn/pre", "p" + qos), org.assertj.core.groups.Tuple.tuple("ab", "s" + qos));
        assertThat(got).allSatisfy(r -> assertThat(r.qos()).isEqualTo(qos));
        get(c.disconnect());
        assertThat(c.state()).isEqualTo(ClientState.DISCONNECTED);
    }

    @Test
    void subscribes_by_name_predefined_id_short_name_and_wildcard() throws Exception {
        Inbox inbox = new Inbox();
        MqttSnClient c = connected(inbox);
        SubscribeResult byName = get(c.subscribe(Topic.name("in/name"), 1));
        assertThat(byName.isSuccess()).isTrue();
        assertThat(byName.topicId()).isPositive();
        assertThat(byName.grantedQos()).isEqualTo(1);
        assertThat(get(c.subscribe(Topic.predefined(2), 1)).topicId()).isEqualTo(2);
        assertThat(get(c.subscribe(Topic.shortName("cd"), 2)).grantedQos()).isEqualTo(2);
        SubscribeResult wild = get(c.subscribe(Topic.name("wild/#"), 2));
        assertThat(wild.isSuccess()).isTrue();
        assertThat(wild.topicId()).isZero();

        peer.publish("in/name", 1, "a");
        assertThat(inbox.next(5000)).isEqualTo(new IncomingMessage(Topic.name("in/name"), 1, false, false, utf8("a")));
        peer.publish("in/pre", 1, "b");
        assertThat(inbox.next(5000)).isEqualTo(new IncomingMessage(Topic.predefined(2), 1, false, false, utf8("b")));
        peer.publish("cd", 2, "c");
        assertThat(inbox.next(5000)).isEqualTo(new IncomingMessage(Topic.shortName("cd"), 2, false, false, utf8("c")));
        peer.publish("wild/x/y", 2, "d"); // registered by the gateway first
        assertThat(inbox.next(5000)).isEqualTo(new IncomingMessage(Topic.name("wild/x/y"), 2, false, false, utf8("d")));
        peer.publish("wild/x/y", 0, "e");
        assertThat(inbox.next(5000)).isEqualTo(new IncomingMessage(Topic.name("wild/x/y"), 0, false, false, utf8("e")));

        get(c.unsubscribe(Topic.name("wild/#")));
        get(c.unsubscribe(Topic.predefined(2)));
        get(c.unsubscribe(Topic.shortName("cd")));
    }

    @Test
    void rejections_come_back_as_typed_failures() throws Exception {
        MqttSnClient c = connected(new Inbox());
        assertThatThrownBy(() -> get(c.publish(Topic.predefined(99), 1, false, utf8("x"))))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(MqttSnRejectedException.class,
                        e -> assertThat(e.returnCode()).isEqualTo(ReturnCode.REJECTED_INVALID_TOPIC_ID));
        SubscribeResult r = get(c.subscribe(Topic.predefined(99), 1));
        assertThat(r.isSuccess()).isFalse();
        assertThat(r.returnCode()).isEqualTo(ReturnCode.REJECTED_INVALID_TOPIC_ID);
        assertThat(get(c.subscribe(Topic.name("bad/#/filter"), 1)).returnCode()).isEqualTo(ReturnCode.REJECTED_NOT_SUPPORTED);
        assertThat(c.state()).isEqualTo(ClientState.CONNECTED);
        assertThatThrownBy(() -> c.publish(Topic.name("a/+"), 0, false, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_refused_message_is_retransmitted_until_accepted_and_qos2_is_delivered_once() throws Exception {
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
        Inbox inbox = new Inbox().refuseWhile(m -> refusals.getAndIncrement() < 2); // "store full" twice
        MqttSnClient c = connected(inbox);
        get(c.subscribe(Topic.name("store/#"), 2));
        peer.publish("store/a", 1, "one");
        peer.publish("store/b", 2, "two");
        IncomingMessage first = inbox.next(5000);
        assertThat(first.payload()).isEqualTo(utf8("one"));
        assertThat(first.dup()).isTrue(); // the gateway's retransmission
        assertThat(inbox.next(5000).payload()).isEqualTo(utf8("two"));
        assertThat(c.counters().refused()).isEqualTo(2);
        peer.publish("store/c", 0, "sync");
        assertThat(inbox.next(5000).payload()).isEqualTo(utf8("sync"));
        assertThat(inbox.accepted()).hasSize(3); // "two" exactly once
    }

    @Test
    void the_will_reaches_a_plain_subscriber_when_the_client_goes_silent() throws Exception {
        peer.subscribe("will/+", 1);
        MqttSnClient c = MqttSnClient.builder().gateway(gateway.localAddress()).clientId("will-1")
                .keepAlive(Duration.ofSeconds(1)).retry(Duration.ofMillis(200), 3).runtime(runtime)
                .will("will/will-1", 1, false, utf8("gone")).build();
        clients.add(c);
        assertThat(get(c.connect()).isAccepted()).isTrue();
        c.close(); // silent: no DISCONNECT
        MqttPeer.Received will = peer.next(10_000);
        assertThat(will.topic()).isEqualTo("will/will-1");
        assertThat(will.payload()).isEqualTo("gone");
    }

    @Test
    void keep_alive_pings_keep_an_idle_client_connected() throws Exception {
        MqttSnClient c = client(new Inbox(), Duration.ofSeconds(1));
        get(c.connect());
        long out = c.counters().messagesOut();
        long in = c.counters().messagesIn();
        await().atMost(Duration.ofSeconds(8)).until(() -> c.counters().messagesOut() >= out + 2 // PINGREQs
                && c.counters().messagesIn() >= in + 2); // PINGRESPs
        assertThat(c.state()).isEqualTo(ClientState.CONNECTED);
        assertThat(gateway.sessionCount()).isPositive();
    }

    @Test
    void many_clients_share_one_runtime() throws Exception {
        peer.subscribe("many/#", 1);
        List<MqttSnClient> many = new ArrayList<>();
        List<CompletableFuture<?>> done = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            MqttSnClient c = client(new Inbox(), Duration.ofSeconds(30));
            many.add(c);
            int k = i;
            done.add(c.connect().thenCompose(r -> c.publish(Topic.name("many/" + k), 1, false, utf8("m" + k))));
        }
        get(CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)));
        await().until(() -> peer.all().size() == 40);
        for (MqttSnClient c : many) {
            get(c.disconnect());
        }
    }

    /**
     * The gateway sends the broker's messages one at a time, each after the previous one's PUBACK.
     * QoS 1 is at least once: when a PUBACK is later than the gateway's Tretry (a loaded machine),
     * the gateway sends the same PUBLISH again with DUP set and the client delivers it again (MQTT-SN
     * 1.2 has no QoS 1 de-duplication, and a MsgId is free for reuse once acknowledged). Such a copy
     * can only follow the message it repeats, before the next one. So: read until all 20 arrived;
     * the first copies come in order with none missing, and every further copy is a DUP of the
     * message just before it, explained by a gateway retransmission.
     */
    @Test
    void messages_from_the_broker_arrive_in_order() throws Exception {
        Inbox inbox = new Inbox();
        MqttSnClient c = connected(inbox);
        get(c.subscribe(Topic.name("order/+"), 1));
        long gatewayRetransmissions = gateway.counters().retransmissions();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            peer.publish("order/" + (i % 3), 1, Integer.toString(i));
            expected.add(Integer.toString(i));
        }
        List<String> firsts = new ArrayList<>();
        List<IncomingMessage> all = new ArrayList<>();
        // at most 1 + Nretry (3) copies of each: more would be a bug, and the cap ends the loop
        while (firsts.size() < expected.size() && all.size() < 4 * expected.size()) {
            IncomingMessage m = inbox.next(5000);
            String payload = new String(m.payload(), StandardCharsets.UTF_8);
            if (!firsts.contains(payload)) {
                firsts.add(payload);
            } else { // firsts is not empty, so neither is all
                IncomingMessage before = all.get(all.size() - 1);
                assertThat(new String(before.payload(), StandardCharsets.UTF_8))
                        .as("repeated %s right after itself, not later (received so far: %s)", payload, payloads(all))
                        .isEqualTo(payload);
                assertThat(m.topic()).isEqualTo(before.topic());
                assertThat(m.dup()).as("a repeated %s is the gateway's retransmission (DUP)", payload).isTrue();
            }
            all.add(m);
        }
        assertThat(firsts).as("first copies, in order (received: %s)", payloads(all)).containsExactlyElementsOf(expected);
        int repeats = all.size() - firsts.size();
        assertThat(gateway.counters().retransmissions() - gatewayRetransmissions)
                .as("gateway retransmissions explaining %d repeated deliveries", repeats).isGreaterThanOrEqualTo(repeats);
    }

    private static List<String> payloads(List<IncomingMessage> messages) {
        List<String> out = new ArrayList<>();
        for (IncomingMessage m : messages) {
            out.add(new String(m.payload(), StandardCharsets.UTF_8) + (m.dup() ? "(dup)" : ""));
        }
        return out;
    }

    @Test
    void losing_the_broker_connection_disconnects_the_client() throws Exception {
        Inbox inbox = new Inbox();
        MqttSnClient c = connected(inbox);
        assertThat(broker.disconnectClient(c.clientId())).isTrue();
        assertThat(inbox.lost().get(10, TimeUnit.SECONDS)).isInstanceOf(MqttSnConnectionLostException.class)
                .hasMessageContaining("DISCONNECT");
        assertThat(c.state()).isEqualTo(ClientState.DISCONNECTED);
        assertThat(get(c.connect()).isAccepted()).isTrue(); // and it can connect again
    }
}
