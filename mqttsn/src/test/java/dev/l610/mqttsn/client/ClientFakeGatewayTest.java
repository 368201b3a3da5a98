package dev.l610.mqttsn.client;

import dev.l610.mqttsn.MqttSnRuntime;
import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.codec.ConnAck;
import dev.l610.mqttsn.codec.Connect;
import dev.l610.mqttsn.codec.Disconnect;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.PingReq;
import dev.l610.mqttsn.codec.PubAck;
import dev.l610.mqttsn.codec.PubComp;
import dev.l610.mqttsn.codec.PubRec;
import dev.l610.mqttsn.codec.PubRel;
import dev.l610.mqttsn.codec.Publish;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.RegAck;
import dev.l610.mqttsn.codec.Register;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.codec.SubAck;
import dev.l610.mqttsn.codec.Subscribe;
import dev.l610.mqttsn.codec.TopicIdType;
import dev.l610.mqttsn.codec.WillMsg;
import dev.l610.mqttsn.codec.WillMsgReq;
import dev.l610.mqttsn.codec.WillTopic;
import dev.l610.mqttsn.codec.WillTopicReq;
import dev.l610.mqttsn.testutil.Inbox;
import dev.l610.mqttsn.testutil.RawUdp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The client against a scripted fake gateway (a raw socket): every message it sends is checked as it leaves. */
class ClientFakeGatewayTest {

    private static MqttSnRuntime runtime;
    private RawUdp gw;
    private Inbox inbox;
    private MqttSnClient client;

    @BeforeAll
    static void runtime() {
        runtime = MqttSnRuntime.create();
    }

    @AfterAll
    static void closeRuntime() {
        runtime.close();
    }

    @BeforeEach
    void setUp() {
        gw = new RawUdp(null);
        inbox = new Inbox();
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        gw.close();
    }

    private MqttSnClientBuilder builder(InetSocketAddress gateway) {
        return MqttSnClient.builder().gateway(gateway).clientId("fake-1").keepAlive(Duration.ofSeconds(30))
                .retry(Duration.ofMillis(150), 2).runtime(runtime).listener(inbox);
    }

    private void connect() throws Exception {
        client = builder(gw.localAddress()).build();
        CompletableFuture<ConnectResult> f = client.connect();
        assertThat(gw.receiveMessage()).isEqualTo(new Connect(false, true, 30, "fake-1"));
        gw.reply(new ConnAck(ReturnCode.ACCEPTED));
        assertThat(get(f).isAccepted()).isTrue();
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Clean session 0: a QoS 2 message received (PUBREC sent) before a break is not delivered again when
     * the gateway re-sends it on the next connection; with clean session 1 the state goes with the connection.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "clean session {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void qos2_ids_awaiting_pubrel_survive_a_break_with_clean_session_0(boolean clean) throws Exception {
        client = builder(gw.localAddress()).cleanSession(clean).build();
        for (int round = 0; round < 2; round++) {
            CompletableFuture<ConnectResult> f = client.connect();
            assertThat(gw.receiveMessage()).isEqualTo(new Connect(false, clean, 30, "fake-1"));
            gw.reply(new ConnAck(ReturnCode.ACCEPTED));
            assertThat(get(f).isAccepted()).isTrue();
            gw.reply(new Publish(round > 0, QoS.EXACTLY_ONCE, false, TopicIdType.SHORT, 0x7177, 300, utf8("q2")));
            assertThat(gw.receiveMessage()).isEqualTo(new PubRec(300));
            if (round == 0) {
                gw.reply(new Disconnect()); // the break, before PUBREL
                await().until(() -> client.state() == ClientState.DISCONNECTED);
            }
        }
        gw.reply(new PubRel(300));
        assertThat(gw.receiveMessage()).isEqualTo(new PubComp(300));
        assertThat(inbox.accepted()).hasSize(clean ? 2 : 1);
        assertThat(client.counters().duplicates()).isEqualTo(clean ? 0 : 1);
    }

    @Test
    void register_and_publish_are_retransmitted_publish_with_dup() throws Exception {
        connect();
        CompletableFuture<Void> f = client.publish(Topic.name("a/b"), 1, false, utf8("v"));
        Register reg = (Register) gw.receiveMessage();
        assertThat(reg.topicName()).isEqualTo("a/b");
        assertThat(gw.receiveMessage()).isEqualTo(reg); // no REGACK: sent again as is
        gw.reply(new RegAck(7, reg.msgId(), ReturnCode.ACCEPTED));
        Publish p = (Publish) gw.receiveMessage();
        assertThat(p).isEqualTo(new Publish(false, QoS.AT_LEAST_ONCE, false, TopicIdType.NORMAL, 7, p.msgId(), utf8("v")));
        assertThat(gw.receiveMessage()).isEqualTo(p.withDup(true)); // §5.3.4: DUP on the retransmission
        gw.reply(new PubAck(7, p.msgId(), ReturnCode.ACCEPTED));
        get(f);
        assertThat(client.counters().retransmissions()).isEqualTo(2);

        // PUBACK with a return code: typed failure, and the cached id is forgotten
        CompletableFuture<Void> g = client.publish(Topic.name("a/b"), 1, false, utf8("w"));
        Publish p2 = (Publish) gw.receiveMessage();
        gw.reply(new PubAck(7, p2.msgId(), ReturnCode.REJECTED_INVALID_TOPIC_ID));
        assertThatThrownBy(() -> get(g)).cause().isInstanceOfSatisfying(MqttSnRejectedException.class, e -> {
            assertThat(e.returnCode()).isEqualTo(ReturnCode.REJECTED_INVALID_TOPIC_ID);
            assertThat(e.answer()).isEqualTo(dev.l610.mqttsn.codec.MsgType.PUBACK);
        });
        client.publish(Topic.name("a/b"), 0, false, utf8("x"));
        assertThat(gw.receiveMessage()).isInstanceOf(Register.class); // registers again
    }

    @Test
    void qos2_publish_runs_publish_pubrec_pubrel_pubcomp() throws Exception {
        connect();
        CompletableFuture<Void> f = client.publish(Topic.predefined(3), 2, true, utf8("q2"));
        Publish p = (Publish) gw.receiveMessage();
        assertThat(p.qos()).isEqualTo(QoS.EXACTLY_ONCE);
        assertThat(p.retain()).isTrue();
        gw.reply(new PubRec(p.msgId()));
        assertThat(gw.receiveMessage()).isEqualTo(new PubRel(p.msgId()));
        assertThat(gw.receiveMessage()).isEqualTo(new PubRel(p.msgId())); // no PUBCOMP yet: PUBREL again
        assertThat(f).isNotDone();
        gw.reply(new PubComp(p.msgId()));
        get(f);
    }

    @Test
    void incoming_qos2_is_delivered_once_and_unknown_topic_ids_are_rejected() throws Exception {
        connect();
        gw.reply(new Register(9, 500, "x/y"));
        assertThat(gw.receiveMessage()).isEqualTo(new RegAck(9, 500, ReturnCode.ACCEPTED));
        Publish in = new Publish(false, QoS.EXACTLY_ONCE, false, TopicIdType.NORMAL, 9, 100, utf8("once"));
        gw.reply(in);
        assertThat(gw.receiveMessage()).isEqualTo(new PubRec(100));
        gw.reply(in.withDup(true)); // our PUBREC "was lost"
        assertThat(gw.receiveMessage()).isEqualTo(new PubRec(100));
        gw.reply(new PubRel(100));
        assertThat(gw.receiveMessage()).isEqualTo(new PubComp(100));
        assertThat(inbox.accepted()).containsExactly(new IncomingMessage(Topic.name("x/y"), 2, false, false, utf8("once")));
        assertThat(client.counters().duplicates()).isEqualTo(1);

        gw.reply(new Publish(false, QoS.AT_LEAST_ONCE, false, TopicIdType.NORMAL, 77, 101, utf8("?")));
        assertThat(gw.receiveMessage()).isEqualTo(new PubAck(77, 101, ReturnCode.REJECTED_INVALID_TOPIC_ID));
        gw.reply(new Publish(false, QoS.AT_LEAST_ONCE, false, TopicIdType.SHORT, 0x6869, 102, utf8("hi")));
        assertThat(gw.receiveMessage()).isEqualTo(new PubAck(0x6869, 102, ReturnCode.ACCEPTED));
        assertThat(inbox.accepted()).last().extracting(IncomingMessage::topic).isEqualTo(Topic.shortName("hi"));
    }

    @Test
    void a_refused_message_is_answered_congestion() throws Exception {
        inbox.refuseWhile(m -> true);
        connect();
        gw.reply(new Publish(false, QoS.AT_LEAST_ONCE, false, TopicIdType.PREDEFINED, 4, 200, utf8("full")));
        assertThat(gw.receiveMessage()).isEqualTo(new PubAck(4, 200, ReturnCode.REJECTED_CONGESTION));
        assertThat(client.counters().refused()).isEqualTo(1);
        inbox.refuseWhile(m -> false);
        gw.reply(new Publish(true, QoS.AT_LEAST_ONCE, false, TopicIdType.PREDEFINED, 4, 200, utf8("full")));
        assertThat(gw.receiveMessage()).isEqualTo(new PubAck(4, 200, ReturnCode.ACCEPTED));
    }

    @Test
    void no_answer_after_nretry_fails_everything_and_reports_the_loss_once() throws Exception {
        connect();
        CompletableFuture<SubscribeResult> sub = client.subscribe(Topic.name("s/#"), 1);
        CompletableFuture<Void> queued = client.publish(Topic.predefined(1), 1, false, utf8("q"));
        Subscribe s = (Subscribe) gw.receiveMessage();
        assertThat(gw.receiveMessage()).isEqualTo(s.withDup(true));
        assertThat(gw.receiveMessage()).isEqualTo(s.withDup(true));
        assertThatThrownBy(() -> get(sub)).cause().isInstanceOf(MqttSnTimeoutException.class);
        assertThatThrownBy(() -> get(queued)).cause().isInstanceOf(MqttSnTimeoutException.class);
        assertThat(inbox.lost().get(1, TimeUnit.SECONDS)).isInstanceOf(MqttSnTimeoutException.class);
        assertThat(client.state()).isEqualTo(ClientState.DISCONNECTED);
        assertThat(inbox.lostCalls()).isEqualTo(1);
        assertThatThrownBy(() -> get(client.publish(Topic.predefined(1), 1, false, utf8("late"))))
                .cause().isInstanceOf(MqttSnNotConnectedException.class);
    }

    @Test
    void gateway_disconnect_and_garbage() throws Exception {
        connect();
        gw.reply(dev.l610.mqttsn.testutil.Hex.bytes("ffff"));
        gw.reply(dev.l610.mqttsn.testutil.Hex.bytes("0417"));
        await().until(() -> client.counters().decodeErrors() == 2);
        assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
        gw.reply(new Disconnect());
        assertThat(inbox.lost().get(2, TimeUnit.SECONDS)).isInstanceOf(MqttSnConnectionLostException.class);
        assertThat(client.state()).isEqualTo(ClientState.DISCONNECTED);
    }

    @Test
    void disconnect_waits_for_the_gateways_disconnect() throws Exception {
        connect();
        CompletableFuture<Void> f = client.disconnect();
        assertThat(gw.receiveMessage()).isEqualTo(new Disconnect());
        gw.reply(new Disconnect());
        get(f);
        assertThat(client.state()).isEqualTo(ClientState.DISCONNECTED);
        assertThat(inbox.lostCalls()).isZero();
    }

    @Test
    void the_will_is_sent_when_the_gateway_asks_for_it() throws Exception {
        client = builder(gw.localAddress()).cleanSession(false).will("w/t", 1, true, utf8("bye")).build();
        CompletableFuture<ConnectResult> f = client.connect();
        assertThat(gw.receiveMessage()).isEqualTo(new Connect(true, false, 30, "fake-1"));
        gw.reply(new WillTopicReq());
        assertThat(gw.receiveMessage()).isEqualTo(new WillTopic(QoS.AT_LEAST_ONCE, true, "w/t"));
        gw.reply(new WillMsgReq());
        assertThat(gw.receiveMessage()).isEqualTo(new WillMsg(utf8("bye")));
        gw.reply(new ConnAck(ReturnCode.REJECTED_CONGESTION));
        assertThat(get(f).returnCode()).isEqualTo(ReturnCode.REJECTED_CONGESTION);
        assertThat(client.state()).isEqualTo(ClientState.DISCONNECTED);
    }

    @Test
    void connect_without_answer_times_out() throws Exception {
        client = builder(gw.localAddress()).build();
        CompletableFuture<ConnectResult> f = client.connect();
        MqttSnMessage first = gw.receiveMessage();
        assertThat(gw.receiveMessage()).isEqualTo(first);
        assertThat(gw.receiveMessage()).isEqualTo(first);
        assertThatThrownBy(() -> get(f)).isInstanceOf(ExecutionException.class).cause().isInstanceOf(MqttSnTimeoutException.class);
        assertThat(inbox.lostCalls()).isZero(); // never connected: nothing was lost
    }

    @Test
    void an_unreachable_gateway_port_fails_at_once() throws Exception {
        InetSocketAddress nobody;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            nobody = (InetSocketAddress) s.getLocalSocketAddress();
        }
        client = builder(nobody).retry(Duration.ofSeconds(30), 3).build();
        assertThatThrownBy(() -> get(client.connect())).cause().isInstanceOfSatisfying(MqttSnConnectionLostException.class,
                e -> assertThat(e.getMessage()).contains("unreachable"));
    }

    @Test
    void a_gateway_whose_port_closes_is_lost_at_the_next_send() throws Exception {
        connect();
        gw.close(); // nobody listens any more: the next datagram draws ICMP port unreachable
        CompletableFuture<Void> f = client.publish(Topic.predefined(1), 1, false, utf8("into the void"));
        assertThatThrownBy(() -> get(f)).cause().isInstanceOf(MqttSnConnectionLostException.class);
        assertThat(inbox.lost().get(2, TimeUnit.SECONDS)).hasMessageContaining("unreachable");
        assertThat(client.state()).isEqualTo(ClientState.DISCONNECTED);
    }
}
