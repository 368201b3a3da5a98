package dev.l610.mqttsn.gateway;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.mqttsn.MqttSnRuntime;
import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.client.IncomingMessage;
import dev.l610.mqttsn.client.MqttSnClient;
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
import dev.l610.mqttsn.codec.WillMsg;
import dev.l610.mqttsn.codec.WillMsgReq;
import dev.l610.mqttsn.codec.WillTopic;
import dev.l610.mqttsn.codec.WillTopicReq;
import dev.l610.mqttsn.testutil.Inbox;
import dev.l610.mqttsn.testutil.LossyRelay;
import dev.l610.mqttsn.testutil.MqttPeer;
import dev.l610.mqttsn.testutil.RawUdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * §6.13: after Nretry retransmissions without an answer the client is lost (broker connection closed,
 * will published), even while it pings; a client whose store is full says "rejected: congestion" and
 * is served later instead, without being lost, also through a lossy link.
 */
class GatewayRetransmissionTest {

    private EmbeddedBroker broker;
    private MqttSnGateway gateway;
    private MqttSnRuntime runtime;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** The next message other than a retransmission of {@code repeated}. */
    static MqttSnMessage skipping(RawUdp raw, MqttSnMessage repeated) {
        MqttSnMessage m = raw.receiveMessage();
        while (m.equals(repeated)) {
            m = raw.receiveMessage();
        }
        return m;
    }

    @Test
    void a_client_that_pings_but_never_acknowledges_is_lost_after_nretry_and_its_will_published() {
        broker = EmbeddedBroker.startEphemeral();
        gateway = MqttSnGateway.builder().broker(broker.host(), broker.port()).retry(Duration.ofMillis(200), 2).build().start();
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port()); RawUdp raw = new RawUdp(gateway.localAddress())) {
            peer.subscribe("r/will", 1);
            raw.send(MqttSnCodec.encode(new Connect(true, true, 60, "pinger")));
            assertThat(raw.receiveMessage()).isEqualTo(new WillTopicReq());
            raw.send(MqttSnCodec.encode(new WillTopic(QoS.AT_LEAST_ONCE, false, "r/will")));
            assertThat(skipping(raw, new WillTopicReq())).isEqualTo(new WillMsgReq()); // a busy machine: Tretry may expire
            raw.send(MqttSnCodec.encode(new WillMsg("gone".getBytes(StandardCharsets.UTF_8))));
            assertThat(skipping(raw, new WillMsgReq())).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            raw.send(MqttSnCodec.encode(Subscribe.ofId(1, QoS.AT_LEAST_ONCE, TopicIdType.SHORT, ('d' << 8) | 'n')));
            assertThat(((SubAck) raw.receiveMessage()).returnCode()).isEqualTo(ReturnCode.ACCEPTED);

            peer.publish("dn", 1, "never acked");
            int publishes = 0;
            MqttSnMessage m;
            do {
                raw.send(MqttSnCodec.encode(new PingReq())); // alive, but never acknowledges
                m = raw.receiveMessage();
                if (m instanceof Publish p) {
                    publishes++;
                    assertThat(p.dup()).isEqualTo(publishes > 1);
                } else if (!(m instanceof Disconnect)) {
                    assertThat(m).isEqualTo(new PingResp());
                }
            } while (!(m instanceof Disconnect));
            assertThat(publishes).isEqualTo(3); // the first send and Nretry = 2 retransmissions
            MqttPeer.Received will = peer.next(10_000);
            assertThat(will.topic()).isEqualTo("r/will");
            assertThat(will.payload()).isEqualTo("gone");
            assertThat(gateway.counters().retriesExhausted()).isEqualTo(1);
            assertThat(gateway.sessionCount()).isZero();
        }
    }

    @Test
    void a_raw_client_answering_congestion_is_paused_not_lost_and_served_later() {
        broker = EmbeddedBroker.startEphemeral();
        gateway = MqttSnGateway.builder().broker(broker.host(), broker.port()).retry(Duration.ofMillis(300), 1).build().start();
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port()); RawUdp raw = new RawUdp(gateway.localAddress())) {
            raw.send(MqttSnCodec.encode(new Connect(false, true, 60, "full-store")));
            assertThat(raw.receiveMessage()).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            raw.send(MqttSnCodec.encode(Subscribe.ofId(1, QoS.AT_LEAST_ONCE, TopicIdType.SHORT, ('f' << 8) | 's')));
            assertThat(((SubAck) raw.receiveMessage()).returnCode()).isEqualTo(ReturnCode.ACCEPTED);
            peer.publish("fs", 1, "m");
            // three times "store full": more than Nretry = 1, still not lost
            for (int i = 0; i < 3; i++) {
                Publish p = (Publish) raw.receiveMessage();
                raw.send(MqttSnCodec.encode(new PubAck(p.topicId(), p.msgId(), ReturnCode.REJECTED_CONGESTION)));
            }
            Publish p = (Publish) raw.receiveMessage();
            assertThat(p.dup()).isTrue();
            raw.send(MqttSnCodec.encode(new PubAck(p.topicId(), p.msgId(), ReturnCode.ACCEPTED)));
            assertThat(gateway.counters().congestionBackoffs()).isEqualTo(3);
            assertThat(gateway.counters().sessionsLost()).isZero();
            raw.send(MqttSnCodec.encode(new PingReq()));
            assertThat(raw.receiveMessage()).isEqualTo(new PingResp());
        }
    }

    @Test
    void our_client_with_a_full_store_over_a_lossy_link_gets_everything_in_order_and_stays_connected() throws Exception {
        broker = EmbeddedBroker.startEphemeral();
        runtime = MqttSnRuntime.create();
        gateway = MqttSnGateway.builder().broker(broker.host(), broker.port()).runtime(runtime)
                .retry(Duration.ofMillis(100), 6).build().start();
        AtomicInteger calls = new AtomicInteger();
        Inbox inbox = new Inbox().refuseWhile(m -> calls.incrementAndGet() % 3 != 0); // the store is full 2 of 3 times
        try (LossyRelay relay = new LossyRelay(gateway.localAddress(), 615L, 0.10, 0.05, 0.05);
             MqttPeer peer = new MqttPeer(broker.host(), broker.port());
             MqttSnClient c = MqttSnClient.builder().gateway(relay.clientSide()).clientId("lossy-full")
                     .keepAlive(Duration.ofSeconds(30)).retry(Duration.ofMillis(100), 6).runtime(runtime).listener(inbox).build()) {
            assertThat(c.connect().get(10, TimeUnit.SECONDS).isAccepted()).isTrue();
            assertThat(c.subscribe(Topic.name("lf/#"), 1).get(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            int n = 12;
            for (int i = 0; i < n; i++) {
                peer.publish("lf/x", 1, "m" + i);
            }
            for (int i = 0; i < n; i++) {
                IncomingMessage m = inbox.next(30_000);
                // QoS 1 may repeat a message whose PUBACK was lost; it never skips or reorders
                while (!new String(m.payload(), StandardCharsets.UTF_8).equals("m" + i)) {
                    assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("m" + (i - 1));
                    m = inbox.next(30_000);
                }
            }
            assertThat(gateway.counters().congestionBackoffs()).isPositive();
            assertThat(gateway.counters().retriesExhausted()).isZero();
            assertThat(inbox.lostCalls()).isZero();
            assertThat(relay.dropped.get()).isPositive();
            List<IncomingMessage> got = inbox.accepted();
            assertThat(got.size()).isGreaterThanOrEqualTo(n);
        }
    }
}
