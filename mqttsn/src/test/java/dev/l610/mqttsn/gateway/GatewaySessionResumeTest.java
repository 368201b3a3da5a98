package dev.l610.mqttsn.gateway;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.mqttsn.codec.ConnAck;
import dev.l610.mqttsn.codec.Connect;
import dev.l610.mqttsn.codec.MqttSnMessage;
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
import dev.l610.mqttsn.testutil.MqttPeer;
import dev.l610.mqttsn.testutil.RawUdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clean-session-0 client that breaks (no DISCONNECT: a radio flap) and connects again from a new address
 * before the gateway found it lost: the session goes on with its broker connection, so QoS 2 is exactly once
 * both ways (raw UDP clients, the real gateway, the embedded broker, a plain MQTT client at the other end).
 */
class GatewaySessionResumeTest {

    private static final int SL = ('s' << 8) | 'l';
    private static final int UP = ('u' << 8) | 'p';
    private EmbeddedBroker broker;
    private MqttSnGateway gateway;

    @BeforeEach
    void start() {
        broker = EmbeddedBroker.startEphemeral();
        gateway = MqttSnGateway.builder().broker(broker.host(), broker.port()).retry(Duration.ofSeconds(5), 3).build().start();
    }

    @AfterEach
    void stop() {
        gateway.close();
        broker.close();
    }

    private static void connect(RawUdp raw, String clientId) {
        raw.send(new Connect(false, false, 60, clientId));
        assertThat(raw.receiveMessage()).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
    }

    /** The next message that is not a retransmission of {@code repeated} (a busy machine: Tretry may expire). */
    private static MqttSnMessage next(RawUdp raw, MqttSnMessage repeated) {
        return GatewayRetransmissionTest.skipping(raw, repeated);
    }

    @Test
    void a_qos2_message_in_flight_at_the_break_goes_again_with_dup_and_its_msgid_and_reaches_the_client_once() {
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port());
             RawUdp before = new RawUdp(gateway.localAddress()); RawUdp after = new RawUdp(gateway.localAddress())) {
            connect(before, "resume-down");
            before.send(Subscribe.ofId(1, QoS.EXACTLY_ONCE, TopicIdType.SHORT, SL));
            assertThat(((SubAck) before.receiveMessage()).returnCode()).isEqualTo(ReturnCode.ACCEPTED);
            peer.publish("sl", 2, "once");
            Publish first = (Publish) before.receiveMessage(); // delivered; its PUBREC is lost in the break

            connect(after, "resume-down"); // the same client id from a new address, clean session 0
            Publish again = (Publish) after.receiveMessage();
            assertThat(again).isEqualTo(first.withDup(true)); // same MsgId: the client can tell it has it
            after.send(new PubRec(again.msgId()));
            assertThat(after.receiveMessage()).isEqualTo(new PubRel(again.msgId()));
            after.send(new PubComp(again.msgId()));

            peer.publish("sl", 1, "next");
            Publish next = (Publish) next(after, again.withDup(true));
            assertThat(RawUdp.text(next)).isEqualTo("next"); // not a second copy of "once" from the broker
            assertThat(next.dup()).isFalse();
            assertThat(next.msgId()).isNotEqualTo(first.msgId());
            after.send(new PubAck(next.topicId(), next.msgId(), ReturnCode.ACCEPTED));
            assertThat(gateway.counters().sessionsResumed()).isEqualTo(1);
            assertThat(gateway.sessionCount()).isEqualTo(1);
        }
    }

    @Test
    void a_pubrel_in_flight_at_the_break_goes_first_after_the_resumed_connack() {
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port());
             RawUdp before = new RawUdp(gateway.localAddress()); RawUdp after = new RawUdp(gateway.localAddress())) {
            connect(before, "resume-rel");
            before.send(Subscribe.ofId(1, QoS.EXACTLY_ONCE, TopicIdType.SHORT, SL));
            assertThat(((SubAck) before.receiveMessage()).returnCode()).isEqualTo(ReturnCode.ACCEPTED);
            peer.publish("sl", 2, "once");
            Publish p = (Publish) before.receiveMessage();
            before.send(new PubRec(p.msgId()));
            assertThat(next(before, p)).isEqualTo(new PubRel(p.msgId())); // its PUBCOMP is lost in the break

            connect(after, "resume-rel");
            assertThat(after.receiveMessage()).isEqualTo(new PubRel(p.msgId()));
            after.send(new PubComp(p.msgId()));
            peer.publish("sl", 1, "next");
            Publish next = (Publish) next(after, new PubRel(p.msgId()));
            assertThat(RawUdp.text(next)).isEqualTo("next");
            after.send(new PubAck(next.topicId(), next.msgId(), ReturnCode.ACCEPTED));
        }
    }

    @Test
    void a_dup_qos2_publish_the_gateway_already_forwarded_is_answered_pubrec_and_reaches_the_broker_once() {
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port());
             RawUdp before = new RawUdp(gateway.localAddress()); RawUdp after = new RawUdp(gateway.localAddress())) {
            peer.subscribe("up", 2);
            connect(before, "resume-up");
            Publish p = new Publish(false, QoS.EXACTLY_ONCE, false, TopicIdType.SHORT, UP, 5, "once".getBytes(StandardCharsets.UTF_8));
            before.send(p);
            assertThat(before.receiveMessage()).isEqualTo(new PubRec(5)); // forwarded; this PUBREC is lost in the break
            assertThat(peer.next(10_000).payload()).isEqualTo("once");

            connect(after, "resume-up");
            after.send(p.withDup(true)); // the client's session sends it again, as it must
            assertThat(after.receiveMessage()).isEqualTo(new PubRec(5));
            after.send(new PubRel(5));
            assertThat(after.receiveMessage()).isEqualTo(new PubComp(5));

            after.send(new Publish(false, QoS.AT_LEAST_ONCE, false, TopicIdType.SHORT, UP, 6, "next".getBytes(StandardCharsets.UTF_8)));
            assertThat(after.receiveMessage()).isEqualTo(new PubAck(UP, 6, ReturnCode.ACCEPTED));
            assertThat(peer.next(10_000).payload()).isEqualTo("next"); // not a second "once"
            assertThat(peer.all()).extracting(MqttPeer.Received::payload).containsExactly("once", "next");
        }
    }

    @Test
    void after_the_session_was_lost_a_dup_qos2_publish_already_forwarded_is_still_answered_pubrec_and_not_forwarded() {
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port());
             RawUdp before = new RawUdp(gateway.localAddress()); RawUdp after = new RawUdp(gateway.localAddress())) {
            peer.subscribe("up", 2);
            before.send(new Connect(false, false, 1, "lost-up")); // Duration 1 s: lost after 1.5 s of silence
            assertThat(before.receiveMessage()).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            Publish p = new Publish(false, QoS.EXACTLY_ONCE, false, TopicIdType.SHORT, UP, 9, "once".getBytes(StandardCharsets.UTF_8));
            before.send(p);
            assertThat(before.receiveMessage()).isEqualTo(new PubRec(9)); // lost with the client
            assertThat(peer.next(10_000).payload()).isEqualTo("once");
            org.awaitility.Awaitility.await().until(() -> gateway.sessionCount() == 0); // silence: the session is lost

            connect(after, "lost-up"); // a new session of the same client id, clean session 0
            after.send(p.withDup(true));
            assertThat(after.receiveMessage()).isEqualTo(new PubRec(9));
            after.send(new PubRel(9));
            assertThat(after.receiveMessage()).isEqualTo(new PubComp(9));
            after.send(new Publish(false, QoS.AT_LEAST_ONCE, false, TopicIdType.SHORT, UP, 10, "next".getBytes(StandardCharsets.UTF_8)));
            assertThat(after.receiveMessage()).isEqualTo(new PubAck(UP, 10, ReturnCode.ACCEPTED));
            assertThat(peer.next(10_000).payload()).isEqualTo("next");
            assertThat(peer.all()).extracting(MqttPeer.Received::payload).containsExactly("once", "next");
            assertThat(gateway.counters().sessionsResumed()).isZero();
        }
    }

    /**
     * The session ended (the client was found lost, or disconnected) with a QoS 2 message unanswered: the next
     * session has a new broker connection, to which the broker sends that message again; the gateway knows it
     * (topic, retain, payload) and sends it with DUP and its old MsgId, so the client can tell it has it.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}, graceful DISCONNECT: {1}")
    @org.junit.jupiter.params.provider.CsvSource({"embedded,false", "embedded,true", "mosquitto,false", "mosquitto,true"})
    void a_qos2_message_unanswered_when_the_session_ended_comes_again_with_its_msgid_on_the_next_one(String brokerName, boolean graceful)
            throws Exception {
        if (brokerName.equals("embedded")) {
            endedSession(gateway, broker.host(), broker.port(), graceful);
            return;
        }
        try (dev.l610.broker.Mosquitto m = dev.l610.broker.Mosquitto.start()) {
            MqttSnGateway g = MqttSnGateway.builder().broker("127.0.0.1", m.address().getPort()).retry(Duration.ofSeconds(5), 3).build().start();
            try {
                endedSession(g, "127.0.0.1", m.address().getPort(), graceful);
            } finally {
                g.close();
            }
        }
    }

    private static void endedSession(MqttSnGateway gateway, String brokerHost, int brokerPort, boolean graceful) {
        try (MqttPeer peer = new MqttPeer(brokerHost, brokerPort);
             RawUdp before = new RawUdp(gateway.localAddress()); RawUdp after = new RawUdp(gateway.localAddress())) {
            before.send(new Connect(false, false, 1, "ended-down")); // Duration 1 s: lost after 1.5 s of silence
            assertThat(before.receiveMessage()).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            before.send(Subscribe.ofId(1, QoS.EXACTLY_ONCE, TopicIdType.SHORT, SL));
            assertThat(((SubAck) before.receiveMessage()).returnCode()).isEqualTo(ReturnCode.ACCEPTED);
            peer.publish("sl", 2, "once");
            Publish first = (Publish) before.receiveMessage(); // delivered; its PUBREC is lost
            if (graceful) {
                before.send(new dev.l610.mqttsn.codec.Disconnect());
            }
            org.awaitility.Awaitility.await().until(() -> gateway.sessionCount() == 0);

            connect(after, "ended-down");
            Publish again = (Publish) after.receiveMessage();
            assertThat(again).isEqualTo(first.withDup(true));
            after.send(new PubRec(again.msgId()));
            assertThat(after.receiveMessage()).isEqualTo(new PubRel(again.msgId()));
            after.send(new PubComp(again.msgId()));
            peer.publish("sl", 2, "once"); // the same content again, a new message: a new MsgId, no DUP
            Publish next = (Publish) next(after, new PubRel(again.msgId()));
            assertThat(RawUdp.text(next)).isEqualTo("once");
            assertThat(next.dup()).isFalse();
            assertThat(next.msgId()).isNotEqualTo(first.msgId());
            after.send(new PubRec(next.msgId()));
            assertThat(after.receiveMessage()).isEqualTo(new PubRel(next.msgId()));
            after.send(new PubComp(next.msgId()));
        }
    }

    @Test
    void topic_ids_are_learnt_again_after_a_resume_and_a_normal_topic_message_in_flight_is_registered_first() {
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port());
             RawUdp before = new RawUdp(gateway.localAddress()); RawUdp after = new RawUdp(gateway.localAddress())) {
            connect(before, "resume-named");
            before.send(Subscribe.ofName(1, QoS.EXACTLY_ONCE, "n/a"));
            SubAck ack = (SubAck) before.receiveMessage();
            assertThat(ack.returnCode()).isEqualTo(ReturnCode.ACCEPTED);
            peer.publish("n/a", 2, "named");
            Publish first = (Publish) before.receiveMessage();
            assertThat(first.topicId()).isEqualTo(ack.topicId());

            connect(after, "resume-named"); // a new client instance: it knows no topic id
            Register reg = (Register) after.receiveMessage();
            assertThat(reg.topicName()).isEqualTo("n/a");
            assertThat(reg.topicId()).isEqualTo(ack.topicId()); // the session's ids stay as they were
            after.send(new RegAck(reg.topicId(), reg.msgId(), ReturnCode.ACCEPTED));
            Publish again = (Publish) next(after, reg);
            assertThat(again).isEqualTo(first.withDup(true));
            after.send(new PubRec(again.msgId()));
            assertThat(after.receiveMessage()).isEqualTo(new PubRel(again.msgId()));
            after.send(new PubComp(again.msgId()));
        }
    }
}
