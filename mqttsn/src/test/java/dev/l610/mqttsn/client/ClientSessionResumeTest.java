package dev.l610.mqttsn.client;

import dev.l610.mqttsn.MqttSnRuntime;
import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.codec.ConnAck;
import dev.l610.mqttsn.codec.Connect;
import dev.l610.mqttsn.codec.Disconnect;
import dev.l610.mqttsn.codec.PubAck;
import dev.l610.mqttsn.codec.PubComp;
import dev.l610.mqttsn.codec.PubRec;
import dev.l610.mqttsn.codec.PubRel;
import dev.l610.mqttsn.codec.Publish;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.codec.TopicIdType;
import dev.l610.mqttsn.testutil.Inbox;
import dev.l610.mqttsn.testutil.RawUdp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static dev.l610.mqttsn.client.ClientFakeGatewayTest.get;
import static dev.l610.mqttsn.client.ClientFakeGatewayTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Clean session 0 across a break, against a scripted fake gateway (a raw socket): the QoS 1/2 publishes the
 * client took and did not complete are sent again first on the next connection (PUBLISH with DUP and the
 * same MsgId, or PUBREL), by the same client or by a new one given the same {@link MqttSnSession} (as the
 * modem builds a client per connection); incoming QoS 2 ids survive the same way.
 */
class ClientSessionResumeTest {

    private static MqttSnRuntime runtime;
    private RawUdp gw;
    private final MqttSnSession session = new MqttSnSession();
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
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        gw.close();
    }

    private MqttSnClient newClient(boolean clean, Inbox inbox) {
        return MqttSnClient.builder().gateway(gw.localAddress()).clientId("resume-1").keepAlive(Duration.ofSeconds(30))
                .retry(Duration.ofSeconds(5), 3).runtime(runtime).listener(inbox).cleanSession(clean).session(session).build();
    }

    private void connect(boolean clean) throws Exception {
        CompletableFuture<ConnectResult> f = client.connect();
        assertThat(gw.receiveMessage()).isEqualTo(new Connect(false, clean, 30, "resume-1"));
        gw.reply(new ConnAck(ReturnCode.ACCEPTED));
        assertThat(get(f).isAccepted()).isTrue();
    }

    /** The gateway ends the connection; with {@code newClient} the caller then drops this client and builds another. */
    private void breakAndReconnect(boolean newClient, boolean clean) throws Exception {
        gw.reply(new Disconnect());
        await().until(() -> client.state() == ClientState.DISCONNECTED);
        if (newClient) {
            client.close();
            client = newClient(clean, new Inbox());
        }
        connect(clean);
    }

    @ParameterizedTest(name = "a new client with the same session: {0}")
    @ValueSource(booleans = {false, true})
    void a_qos2_publish_unanswered_at_the_break_goes_again_with_dup_and_its_msgid(boolean newClient) throws Exception {
        client = newClient(false, new Inbox());
        connect(false);
        CompletableFuture<Void> f = client.publish(Topic.predefined(3), 2, false, utf8("q2"));
        Publish p = (Publish) gw.receiveMessage();
        assertThat(p.dup()).isFalse();

        breakAndReconnect(newClient, false);
        assertThatThrownBy(() -> get(f)).cause().isInstanceOf(MqttSnConnectionLostException.class); // answered at the break
        assertThat(session.outgoing()).isEqualTo(1);
        assertThat(gw.receiveMessage()).isEqualTo(p.withDup(true)); // first of all, same MsgId
        gw.reply(new PubRec(p.msgId()));
        assertThat(gw.receiveMessage()).isEqualTo(new PubRel(p.msgId()));
        gw.reply(new PubComp(p.msgId()));
        await().until(() -> session.outgoing() == 0);

        CompletableFuture<Void> g = client.publish(Topic.predefined(3), 1, false, utf8("next"));
        Publish n = (Publish) gw.receiveMessage();
        assertThat(n.dup()).isFalse();
        assertThat(n.msgId()).isNotEqualTo(p.msgId());
        gw.reply(new PubAck(3, n.msgId(), ReturnCode.ACCEPTED));
        get(g);
    }

    @Test
    void a_pubrel_unanswered_goes_first_then_a_publish_queued_behind_it_in_order() throws Exception {
        client = newClient(false, new Inbox());
        connect(false);
        client.publish(Topic.shortName("q2"), 2, false, utf8("first"));
        Publish first = (Publish) gw.receiveMessage();
        gw.reply(new PubRec(first.msgId()));
        assertThat(gw.receiveMessage()).isEqualTo(new PubRel(first.msgId()));
        CompletableFuture<Void> queued = client.publish(Topic.shortName("q1"), 1, false, utf8("second")); // waits behind
        await().until(() -> session.outgoing() == 2); // taken on the client's loop (a plain read: the loop's write shows soon)
        breakAndReconnect(true, false);
        assertThatThrownBy(() -> get(queued)).cause().isInstanceOf(MqttSnConnectionLostException.class);

        assertThat(gw.receiveMessage()).isEqualTo(new PubRel(first.msgId()));
        gw.reply(new PubComp(first.msgId()));
        Publish second = (Publish) gw.receiveMessage();
        assertThat(second.dup()).isFalse(); // it had never been sent
        assertThat(second.qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThat(second.data()).isEqualTo(utf8("second"));
        gw.reply(new PubAck(second.topicId(), second.msgId(), ReturnCode.ACCEPTED));
        await().until(() -> session.outgoing() == 0);
    }

    @Test
    void a_new_client_with_the_session_does_not_deliver_a_qos2_message_its_predecessor_delivered() throws Exception {
        Inbox firstInbox = new Inbox();
        client = newClient(false, firstInbox);
        connect(false);
        Publish in = new Publish(false, QoS.EXACTLY_ONCE, false, TopicIdType.SHORT, 0x7177, 300, utf8("q2"));
        gw.reply(in);
        assertThat(gw.receiveMessage()).isEqualTo(new PubRec(300)); // lost in the break
        assertThat(firstInbox.accepted()).hasSize(1);

        gw.reply(new Disconnect());
        await().until(() -> client.state() == ClientState.DISCONNECTED);
        client.close();
        Inbox secondInbox = new Inbox();
        client = newClient(false, secondInbox);
        connect(false);
        assertThat(session.awaitingRelease()).isEqualTo(1);
        gw.reply(in.withDup(true));
        assertThat(gw.receiveMessage()).isEqualTo(new PubRec(300));
        gw.reply(new PubRel(300));
        assertThat(gw.receiveMessage()).isEqualTo(new PubComp(300));
        assertThat(secondInbox.accepted()).isEmpty();
        assertThat(client.counters().duplicates()).isEqualTo(1);
    }

    @Test
    void with_clean_session_1_nothing_goes_again() throws Exception {
        client = newClient(true, new Inbox());
        connect(true);
        client.publish(Topic.predefined(3), 2, false, utf8("gone"));
        Publish p = (Publish) gw.receiveMessage();
        breakAndReconnect(true, true);
        assertThat(session.outgoing()).isZero();
        CompletableFuture<Void> g = client.publish(Topic.predefined(3), 1, false, utf8("new"));
        Publish n = (Publish) gw.receiveMessage();
        assertThat(n.data()).isEqualTo(utf8("new")); // not the old one
        assertThat(n.dup()).isFalse();
        gw.reply(new PubAck(3, n.msgId(), ReturnCode.ACCEPTED));
        get(g);
        assertThat(p.msgId()).isPositive();
    }
}
