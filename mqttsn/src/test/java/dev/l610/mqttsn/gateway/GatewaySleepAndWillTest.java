package dev.l610.mqttsn.gateway;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.mqttsn.codec.ConnAck;
import dev.l610.mqttsn.codec.Connect;
import dev.l610.mqttsn.codec.Disconnect;
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

    /** Connects and subscribes to the short topic 'sl' with QoS 1. */
    private static void connectAndSubscribe(RawUdp raw, String clientId, boolean clean) {
        raw.send(new Connect(false, clean, 60, clientId));
        assertThat(raw.receiveMessage()).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
        raw.send(Subscribe.ofId(1, QoS.AT_LEAST_ONCE, TopicIdType.SHORT, SL));
        assertThat(((SubAck) raw.receiveMessage()).returnCode()).isEqualTo(ReturnCode.ACCEPTED);
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
                MqttSnMessage m = after.receiveMessage();
                while (m instanceof Publish p) {
                    got.append(RawUdp.text(p)).append(' ');
                    if (p.qos() == QoS.AT_LEAST_ONCE) {
                        after.send(new PubAck(p.topicId(), p.msgId(), ReturnCode.ACCEPTED));
                    }
                    m = after.receiveMessage();
                }
                assertThat(m).isEqualTo(new PingResp()); // all buffered so far delivered: back to sleep
            }
            assertThat(gateway.counters().wakeups()).isEqualTo(wakes);

            peer.publish("sl", 1, "four");
            assertThat(after.poll(300)).as("asleep again").isNull();
            // CONNECT with clean session 0 ends the sleep: the session resumes with what was buffered
            after.send(new Connect(false, false, 60, "L610-0001"));
            assertThat(after.receiveMessage()).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            Publish four = (Publish) after.receiveMessage();
            assertThat(RawUdp.text(four)).isEqualTo("four");
            after.send(new PubAck(four.topicId(), four.msgId(), ReturnCode.ACCEPTED));
            after.send(new PingReq());
            assertThat(after.receiveMessage()).isEqualTo(new PingResp()); // active: answered at once
            after.send(new Disconnect());
            assertThat(after.receiveMessage()).isEqualTo(new Disconnect());
            await().until(() -> gateway.sessionCount() == 0);
        }
    }

    @Test
    void a_message_in_flight_when_the_client_falls_asleep_is_sent_again_on_waking() {
        start(MqttSnGateway.builder());
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port()); RawUdp raw = new RawUdp(gateway.localAddress())) {
            connectAndSubscribe(raw, "inflight", true);
            peer.publish("sl", 1, "unacked");
            Publish first = (Publish) raw.receiveMessage();
            raw.send(Disconnect.sleep(300)); // asleep without acknowledging it
            assertThat(raw.receiveMessage()).isEqualTo(new Disconnect());
            assertThat(raw.poll(300)).isNull();
            raw.send(new PingReq("inflight"));
            assertThat(raw.receiveMessage()).isEqualTo(first.withDup(true));
            raw.send(new PubAck(first.topicId(), first.msgId(), ReturnCode.ACCEPTED));
            assertThat(raw.receiveMessage()).isEqualTo(new PingResp());
        }
    }

    @Test
    void the_buffer_of_a_sleeping_client_is_bounded_and_a_client_that_oversleeps_is_lost_with_its_will() {
        start(MqttSnGateway.builder().maxQueuedPerSession(2));
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port()); RawUdp raw = new RawUdp(gateway.localAddress())) {
            peer.subscribe("sl/will", 1);
            raw.send(new Connect(true, true, 60, "sleepy"));
            raw.receiveMessage(); // WILLTOPICREQ
            raw.send(new dev.l610.mqttsn.codec.WillTopic(QoS.AT_LEAST_ONCE, false, "sl/will"));
            raw.receiveMessage(); // WILLMSGREQ
            raw.send(new dev.l610.mqttsn.codec.WillMsg("overslept".getBytes(StandardCharsets.UTF_8)));
            assertThat(raw.receiveMessage()).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            raw.send(Subscribe.ofId(1, QoS.AT_MOST_ONCE, TopicIdType.SHORT, SL));
            assertThat(((SubAck) raw.receiveMessage()).returnCode()).isEqualTo(ReturnCode.ACCEPTED);
            raw.send(Disconnect.sleep(1)); // 1 s: lost after 1.5 s without a word
            assertThat(raw.receiveMessage()).isEqualTo(new Disconnect());
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
            raw.send(new Connect(false, false, 60, "q2-resume"));
            assertThat(raw.receiveMessage()).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            raw.send(Subscribe.ofId(1, QoS.EXACTLY_ONCE, TopicIdType.SHORT, SL));
            assertThat(((SubAck) raw.receiveMessage()).returnCode()).isEqualTo(ReturnCode.ACCEPTED);
            peer.publish("sl", 2, "exactly once");
            Publish p = (Publish) raw.receiveMessage();
            raw.send(new dev.l610.mqttsn.codec.PubRec(p.msgId()));
            assertThat(raw.receiveMessage()).isEqualTo(new dev.l610.mqttsn.codec.PubRel(p.msgId()));
            raw.send(new Disconnect()); // the break before PUBCOMP
            assertThat(GatewayRetransmissionTest.skipping(raw, new dev.l610.mqttsn.codec.PubRel(p.msgId())))
                    .isEqualTo(new Disconnect());
            await().until(() -> gateway.sessionCount() == 0);

            raw.send(new Connect(false, false, 60, "q2-resume"));
            assertThat(raw.receiveMessage()).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            assertThat(raw.receiveMessage()).isEqualTo(new dev.l610.mqttsn.codec.PubRel(p.msgId())); // first of all
            raw.send(new dev.l610.mqttsn.codec.PubComp(p.msgId()));
            peer.publish("sl", 1, "next");
            Publish next = (Publish) raw.receiveMessage();
            assertThat(RawUdp.text(next)).isEqualTo("next");
            assertThat(next.msgId()).isEqualTo(p.msgId() + 1); // not 1 again: the client may still hold old ids
            raw.send(new PubAck(next.topicId(), next.msgId(), ReturnCode.ACCEPTED));
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
            raw.send(new dev.l610.mqttsn.codec.WillTopic(QoS.AT_LEAST_ONCE, false, "w/old"));
            assertThat(raw.receive()).isEqualTo(Vectors.named("WILLMSGREQ").frame());
            raw.send(new dev.l610.mqttsn.codec.WillMsg("old".getBytes(StandardCharsets.UTF_8)));
            assertThat(raw.receiveMessage()).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));

            raw.send(new WillTopicUpd(QoS.AT_LEAST_ONCE, false, "w/+"));
            assertThat(raw.receiveMessage()).isEqualTo(new WillTopicResp(ReturnCode.REJECTED_NOT_SUPPORTED)); // a filter
            raw.send(new WillTopicUpd(QoS.AT_LEAST_ONCE, false, "w/new"));
            assertThat(raw.receiveHex()).isEqualTo("031b00"); // WILLTOPICRESP accepted
            raw.send(new WillMsgUpd("new".getBytes(StandardCharsets.UTF_8)));
            assertThat(raw.receiveHex()).isEqualTo("031d00"); // WILLMSGRESP accepted
            assertThat(gateway.counters().willUpdates()).isEqualTo(2);

            MqttPeer.Received will = peer.next(10_000); // silence: the updated will
            assertThat(will.topic()).isEqualTo("w/new");
            assertThat(will.payload()).isEqualTo("new");
        }
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port()); RawUdp raw = new RawUdp(gateway.localAddress())) {
            peer.subscribe("w/#", 1);
            raw.send(new Connect(true, true, 1, "no-will"));
            raw.receiveMessage();
            raw.send(new dev.l610.mqttsn.codec.WillTopic(QoS.AT_LEAST_ONCE, false, "w/deleted"));
            raw.receiveMessage();
            raw.send(new dev.l610.mqttsn.codec.WillMsg("x".getBytes(StandardCharsets.UTF_8)));
            assertThat(raw.receiveMessage()).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            raw.send(new WillTopicUpd(QoS.AT_MOST_ONCE, false, ""));
            assertThat(raw.receiveMessage()).isEqualTo(new WillTopicResp(ReturnCode.ACCEPTED));
            raw.send(new WillMsgUpd("y".getBytes(StandardCharsets.UTF_8)));
            assertThat(raw.receiveMessage()).isEqualTo(new WillMsgResp(ReturnCode.REJECTED_NOT_SUPPORTED)); // no will now
            assertThat(raw.receiveMessage()).isEqualTo(new Disconnect()); // silence: lost after 1.5 s ...
            peer.publish("w/marker", 1, "marker");
            assertThat(peer.next(5000).topic()).isEqualTo("w/marker"); // ... and no will was published before it
        }
    }
}
