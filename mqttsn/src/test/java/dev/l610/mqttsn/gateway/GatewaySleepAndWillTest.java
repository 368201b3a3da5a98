package dev.l610.mqttsn.gateway;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.mqttsn.codec.ConnAck;
import dev.l610.mqttsn.codec.Connect;
import dev.l610.mqttsn.codec.Disconnect;
import dev.l610.mqttsn.codec.MqttSnCodec;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.PingReq;
import dev.l610.mqttsn.codec.PingResp;
import dev.l610.mqttsn.codec.PubAck;
import dev.l610.mqttsn.codec.Publish;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.codec.SubAck;
import dev.l610.mqttsn.codec.Subscribe;
import dev.l610.mqttsn.codec.TopicIdType;
import dev.l610.mqttsn.codec.WillMsgResp;
import dev.l610.mqttsn.codec.WillMsgUpd;
import dev.l610.mqttsn.codec.WillTopicResp;
import dev.l610.mqttsn.codec.WillTopicUpd;
import dev.l610.mqttsn.testutil.MqttPeer;
import dev.l610.mqttsn.testutil.RawUdp;
import dev.l610.mqttsn.testutil.Vectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Sleeping clients (§6.14) and will updates (§6.4), driven by raw frames as a foreign client sends them. */
class GatewaySleepAndWillTest {

    private static final int SL = ('s' << 8) | 'l';
    private EmbeddedBroker broker;
    private MqttSnGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private void start(MqttSnGatewayBuilder b) {
        broker = EmbeddedBroker.startEphemeral();
        gateway = b.broker(broker.host(), broker.port()).retry(Duration.ofSeconds(5), 3).build().start();
    }

    private static MqttSnMessage decode(byte[] b) {
        try {
            return MqttSnCodec.decode(b);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void send(RawUdp raw, MqttSnMessage m) {
        raw.send(MqttSnCodec.encode(m));
    }

    private static String text(Publish p) {
        return new String(p.data(), StandardCharsets.UTF_8);
    }

    /** Connects and subscribes to the short topic 'sl' with QoS 1. */
    private static void connectAndSubscribe(RawUdp raw, String clientId, boolean clean) {
        send(raw, new Connect(false, clean, 60, clientId));
        assertThat(decode(raw.receive())).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
        send(raw, Subscribe.ofId(1, QoS.AT_LEAST_ONCE, TopicIdType.SHORT, SL));
        assertThat(((SubAck) decode(raw.receive())).returnCode()).isEqualTo(ReturnCode.ACCEPTED);
    }

    @Test
    void a_sleeping_client_gets_its_buffered_messages_on_pingreq_from_a_new_address_then_pingresp() {
        start(MqttSnGateway.builder());
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port());
             RawUdp before = new RawUdp(gateway.localAddress()); RawUdp after = new RawUdp(gateway.localAddress())) {
            connectAndSubscribe(before, "L610-0001", false);
            before.send(Vectors.named("DISCONNECT sleep duration=300").frame());
            assertThat(before.receive()).isEqualTo(Vectors.named("DISCONNECT").frame());
            assertThat(gateway.sessionCount()).isEqualTo(1); // asleep, not gone
            assertThat(gateway.counters().sleeps()).isEqualTo(1);

            peer.publish("sl", 1, "one");
            peer.publish("sl", 0, "two");
            peer.publish("sl", 1, "three");
            assertThat(before.poll(300)).as("nothing is sent to a sleeping client").isNull();

            // the device wakes up on another port (a new NAT binding): PINGREQ with its client id. Each
            // wake-up gets what is buffered, then PINGRESP; the broker may still be handing the last
            // messages to the gateway, so the device wakes again, as a real one does, until all came.
            StringBuilder got = new StringBuilder();
            long wakes = 0;
            while (!got.toString().equals("one two three ")) {
                assertThat(wakes).as("wake-ups before all three came (got: %s)", got).isLessThan(100);
                if (wakes > 0) {
                    assertThat(after.poll(100)).isNull();
                }
                after.send(Vectors.named("PINGREQ clientid L610-0001").frame());
                wakes++;
                MqttSnMessage m = decode(after.receive());
                while (m instanceof Publish p) {
                    got.append(text(p)).append(' ');
                    if (p.qos() == QoS.AT_LEAST_ONCE) {
                        send(after, new PubAck(p.topicId(), p.msgId(), ReturnCode.ACCEPTED));
                    }
                    m = decode(after.receive());
                }
                assertThat(m).isEqualTo(new PingResp()); // all buffered so far delivered: back to sleep
            }
            assertThat(gateway.counters().wakeups()).isEqualTo(wakes);

            peer.publish("sl", 1, "four");
            assertThat(after.poll(300)).as("asleep again").isNull();
            // CONNECT with clean session 0 ends the sleep: the session resumes with what was buffered
            send(after, new Connect(false, false, 60, "L610-0001"));
            assertThat(decode(after.receive())).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            Publish four = (Publish) decode(after.receive());
            assertThat(text(four)).isEqualTo("four");
            send(after, new PubAck(four.topicId(), four.msgId(), ReturnCode.ACCEPTED));
            send(after, new PingReq());
            assertThat(decode(after.receive())).isEqualTo(new PingResp()); // active: answered at once
            send(after, new Disconnect());
            assertThat(decode(after.receive())).isEqualTo(new Disconnect());
            await().until(() -> gateway.sessionCount() == 0);
        }
    }

    @Test
    void a_message_in_flight_when_the_client_falls_asleep_is_sent_again_on_waking() {
        start(MqttSnGateway.builder());
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port()); RawUdp raw = new RawUdp(gateway.localAddress())) {
            connectAndSubscribe(raw, "inflight", true);
            peer.publish("sl", 1, "unacked");
            Publish first = (Publish) decode(raw.receive());
            send(raw, Disconnect.sleep(300)); // asleep without acknowledging it
            assertThat(decode(raw.receive())).isEqualTo(new Disconnect());
            assertThat(raw.poll(300)).isNull();
            send(raw, new PingReq("inflight"));
            assertThat(decode(raw.receive())).isEqualTo(first.withDup(true));
            send(raw, new PubAck(first.topicId(), first.msgId(), ReturnCode.ACCEPTED));
            assertThat(decode(raw.receive())).isEqualTo(new PingResp());
        }
    }

    @Test
    void the_buffer_of_a_sleeping_client_is_bounded_and_a_client_that_oversleeps_is_lost_with_its_will() {
        start(MqttSnGateway.builder().maxQueuedPerSession(2));
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port()); RawUdp raw = new RawUdp(gateway.localAddress())) {
            peer.subscribe("sl/will", 1);
            send(raw, new Connect(true, true, 60, "sleepy"));
            decode(raw.receive()); // WILLTOPICREQ
            send(raw, new dev.l610.mqttsn.codec.WillTopic(QoS.AT_LEAST_ONCE, false, "sl/will"));
            decode(raw.receive()); // WILLMSGREQ
            send(raw, new dev.l610.mqttsn.codec.WillMsg("overslept".getBytes(StandardCharsets.UTF_8)));
            assertThat(decode(raw.receive())).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            send(raw, Subscribe.ofId(1, QoS.AT_MOST_ONCE, TopicIdType.SHORT, SL));
            assertThat(((SubAck) decode(raw.receive())).returnCode()).isEqualTo(ReturnCode.ACCEPTED);
            send(raw, Disconnect.sleep(1)); // 1 s: lost after 1.5 s without a word
            assertThat(decode(raw.receive())).isEqualTo(new Disconnect());
            for (int i = 0; i < 5; i++) {
                peer.publish("sl", 0, "q" + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.counters().sleepDropped() == 3);

            MqttPeer.Received will = peer.next(10_000);
            assertThat(will.topic()).isEqualTo("sl/will");
            assertThat(will.payload()).isEqualTo("overslept");
            await().until(() -> gateway.sessionCount() == 0);
            assertThat(gateway.counters().sessionsLost()).isEqualTo(1);
        }
    }

    /**
     * Clean session 0 keeps the gateway's side of a QoS 2 exchange across sessions: a PUBREL the client
     * did not complete is sent again first on its next connection, and MsgIds go on from the last one.
     */
    @Test
    void a_pubrel_not_completed_is_sent_again_on_the_next_clean_session_0_connection() {
        start(MqttSnGateway.builder());
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port()); RawUdp raw = new RawUdp(gateway.localAddress())) {
            send(raw, new Connect(false, false, 60, "q2-resume"));
            assertThat(decode(raw.receive())).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            send(raw, Subscribe.ofId(1, QoS.EXACTLY_ONCE, TopicIdType.SHORT, SL));
            assertThat(((SubAck) decode(raw.receive())).returnCode()).isEqualTo(ReturnCode.ACCEPTED);
            peer.publish("sl", 2, "exactly once");
            Publish p = (Publish) decode(raw.receive());
            send(raw, new dev.l610.mqttsn.codec.PubRec(p.msgId()));
            assertThat(decode(raw.receive())).isEqualTo(new dev.l610.mqttsn.codec.PubRel(p.msgId()));
            send(raw, new Disconnect()); // the break before PUBCOMP
            assertThat(GatewayRetransmissionTest.skipping(raw, new dev.l610.mqttsn.codec.PubRel(p.msgId())))
                    .isEqualTo(new Disconnect());
            await().until(() -> gateway.sessionCount() == 0);

            send(raw, new Connect(false, false, 60, "q2-resume"));
            assertThat(decode(raw.receive())).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            assertThat(decode(raw.receive())).isEqualTo(new dev.l610.mqttsn.codec.PubRel(p.msgId())); // first of all
            send(raw, new dev.l610.mqttsn.codec.PubComp(p.msgId()));
            peer.publish("sl", 1, "next");
            Publish next = (Publish) decode(raw.receive());
            assertThat(text(next)).isEqualTo("next");
            assertThat(next.msgId()).isEqualTo(p.msgId() + 1); // not 1 again: the client may still hold old ids
            send(raw, new PubAck(next.topicId(), next.msgId(), ReturnCode.ACCEPTED));
        }
    }

    @Test
    void will_topic_and_message_updates_change_the_published_will_and_an_empty_topic_deletes_it() {
        start(MqttSnGateway.builder());
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port()); RawUdp raw = new RawUdp(gateway.localAddress())) {
            peer.subscribe("w/#", 1);
            byte[] connect = Vectors.named("CONNECT will,!clean,dur=60").frame();
            connect[4] = 0; // Duration 60 s cut to 1 s (octets 4..5): silence ends the session after 1.5 s
            connect[5] = 1;
            raw.send(connect);
            assertThat(raw.receive()).isEqualTo(Vectors.named("WILLTOPICREQ").frame());
            send(raw, new dev.l610.mqttsn.codec.WillTopic(QoS.AT_LEAST_ONCE, false, "w/old"));
            assertThat(raw.receive()).isEqualTo(Vectors.named("WILLMSGREQ").frame());
            send(raw, new dev.l610.mqttsn.codec.WillMsg("old".getBytes(StandardCharsets.UTF_8)));
            assertThat(decode(raw.receive())).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));

            send(raw, new WillTopicUpd(QoS.AT_LEAST_ONCE, false, "w/+"));
            assertThat(decode(raw.receive())).isEqualTo(new WillTopicResp(ReturnCode.REJECTED_NOT_SUPPORTED)); // a filter
            send(raw, new WillTopicUpd(QoS.AT_LEAST_ONCE, false, "w/new"));
            assertThat(raw.receiveHex()).isEqualTo("031b00"); // WILLTOPICRESP accepted
            send(raw, new WillMsgUpd("new".getBytes(StandardCharsets.UTF_8)));
            assertThat(raw.receiveHex()).isEqualTo("031d00"); // WILLMSGRESP accepted
            assertThat(gateway.counters().willUpdates()).isEqualTo(2);

            MqttPeer.Received will = peer.next(10_000); // silence: the updated will
            assertThat(will.topic()).isEqualTo("w/new");
            assertThat(will.payload()).isEqualTo("new");
        }
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port()); RawUdp raw = new RawUdp(gateway.localAddress())) {
            peer.subscribe("w/#", 1);
            send(raw, new Connect(true, true, 1, "no-will"));
            decode(raw.receive());
            send(raw, new dev.l610.mqttsn.codec.WillTopic(QoS.AT_LEAST_ONCE, false, "w/deleted"));
            decode(raw.receive());
            send(raw, new dev.l610.mqttsn.codec.WillMsg("x".getBytes(StandardCharsets.UTF_8)));
            assertThat(decode(raw.receive())).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            send(raw, new WillTopicUpd(QoS.AT_MOST_ONCE, false, ""));
            assertThat(decode(raw.receive())).isEqualTo(new WillTopicResp(ReturnCode.ACCEPTED));
            send(raw, new WillMsgUpd("y".getBytes(StandardCharsets.UTF_8)));
            assertThat(decode(raw.receive())).isEqualTo(new WillMsgResp(ReturnCode.REJECTED_NOT_SUPPORTED)); // no will now
            assertThat(decode(raw.receive())).isEqualTo(new Disconnect()); // silence: lost after 1.5 s ...
            peer.publish("w/marker", 1, "marker");
            assertThat(peer.next(5000).topic()).isEqualTo("w/marker"); // ... and no will was published before it
        }
    }
}
