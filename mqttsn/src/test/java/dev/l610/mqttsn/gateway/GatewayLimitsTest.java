package dev.l610.mqttsn.gateway;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.mqttsn.codec.ConnAck;
import dev.l610.mqttsn.codec.Connect;
import dev.l610.mqttsn.codec.MqttSnCodec;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.PubAck;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The gateway's limits (issue 13 item 4): clients, topic ids per client, and what they cost in file descriptors. */
class GatewayLimitsTest {

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
        gateway = b.broker(broker.host(), broker.port()).retry(Duration.ofMillis(500), 3).build().start();
    }

    private static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    @Test
    void the_default_limits() {
        start(MqttSnGateway.builder());
        assertThat(MqttSnGatewayBuilder.DEFAULT_MAX_SESSIONS).isEqualTo(1_000);
        assertThat(MqttSnGatewayBuilder.DEFAULT_MAX_QUEUED_PER_SESSION).isEqualTo(1_000);
        assertThat(MqttSnGatewayBuilder.DEFAULT_MAX_TOPICS_PER_SESSION).isEqualTo(1_000);
    }

    /**
     * 20,000 CONNECTs from distinct source ports (batches of 250 sockets, each opened, used once and closed,
     * so this test holds at most 250 sockets): the gateway holds at most maxSessions broker connections,
     * refuses the rest with CONNACK "rejected: congestion", the process's descriptors stay bounded, and a
     * client connected before the flood is still served, as is a new one once the flood's sessions expired.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void twenty_thousand_connects_leave_the_descriptors_bounded_and_a_real_client_served() throws Exception {
        int cap = 100;
        start(MqttSnGateway.builder().maxSessions(cap));
        InetSocketAddress gw = gateway.localAddress();
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port()); RawUdp legit = new RawUdp(gw)) {
            legit.send(MqttSnCodec.encode(new Connect(false, true, 120, "legit-before")));
            assertThat(legit.receiveMessage()).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            legit.send(MqttSnCodec.encode(Subscribe.ofName(1, QoS.AT_LEAST_ONCE, "legit/down")));
            assertThat(((SubAck) legit.receiveMessage()).returnCode()).isEqualTo(ReturnCode.ACCEPTED);

            int baseline = openFds();
            int maxFds = baseline;
            Set<Integer> ports = new HashSet<>();
            byte[] buf = new byte[64];
            int refusedSeen = 0;
            int total = 20_000;
            int batch = 250;
            for (int sent = 0; sent < total; sent += batch) {
                List<DatagramSocket> sockets = new ArrayList<>(batch);
                try {
                    for (int i = 0; i < batch; i++) {
                        DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                        sockets.add(s);
                        ports.add(s.getLocalPort());
                        // Duration 1 s: a flood session that says nothing more ends after 1.5 s
                        byte[] c = MqttSnCodec.encode(new Connect(false, true, 1, "flood-" + (sent + i)));
                        s.send(new DatagramPacket(c, c.length, gw));
                    }
                    // read the answer of the batch's last socket: paces the flood to the gateway's speed
                    DatagramSocket last = sockets.get(batch - 1);
                    last.setSoTimeout(10_000);
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    last.receive(p);
                    byte[] answer = java.util.Arrays.copyOf(p.getData(), p.getLength());
                    if (RawUdp.decode(answer).equals(new ConnAck(ReturnCode.REJECTED_CONGESTION))) {
                        refusedSeen++;
                    }
                    maxFds = Math.max(maxFds, openFds());
                } finally {
                    for (DatagramSocket s : sockets) {
                        s.close();
                    }
                }
                assertThat(gateway.sessionCount()).isLessThanOrEqualTo(cap);
            }
            GatewayCounters c = gateway.counters();
            System.out.printf("GatewayLimitsTest: %d CONNECTs from %d ports, fds %d -> max %d, sessions opened %d, refused %d%n",
                    total, ports.size(), baseline, maxFds, c.sessionsOpened(), c.connectsRefused());
            assertThat(ports.size()).isGreaterThan(10_000);
            assertThat(refusedSeen).isPositive();
            assertThat(c.connectsRefused()).isGreaterThan(total / 2);
            // per session: the gateway's broker socket and the embedded broker's; plus this test's batch
            assertThat(maxFds - baseline).isLessThanOrEqualTo(2 * cap + batch + 100);

            // the client from before is still served, both ways
            legit.send(MqttSnCodec.encode(new Register(0, 2, "legit/up")));
            RegAck reg = (RegAck) legit.receiveMessage();
            assertThat(reg.returnCode()).isEqualTo(ReturnCode.ACCEPTED);
            peer.subscribe("legit/up", 1);
            legit.send(MqttSnCodec.encode(new Publish(false, QoS.AT_LEAST_ONCE, false, TopicIdType.NORMAL, reg.topicId(), 3,
                    "hello".getBytes(StandardCharsets.UTF_8))));
            assertThat(((PubAck) legit.receiveMessage()).returnCode()).isEqualTo(ReturnCode.ACCEPTED);
            assertThat(peer.next(5000).payload()).isEqualTo("hello");
            peer.publish("legit/down", 1, "down");
            MqttSnMessage down = legit.receiveMessage();
            while (!(down instanceof Publish)) {
                down = legit.receiveMessage();
            }
            assertThat(new String(((Publish) down).data(), StandardCharsets.UTF_8)).isEqualTo("down");

            // the flood's sessions expire; their descriptors go with them; a new client is accepted
            await().atMost(Duration.ofSeconds(30)).until(() -> gateway.sessionCount() == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> openFds() <= baseline + 20);
            try (RawUdp late = new RawUdp(gw)) {
                late.send(MqttSnCodec.encode(new Connect(false, true, 60, "legit-after")));
                assertThat(late.receiveMessage()).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            }
        }
    }

    @Test
    void registering_beyond_the_topic_limit_is_congestion_and_counted() {
        start(MqttSnGateway.builder().maxTopicsPerSession(2));
        try (RawUdp raw = new RawUdp(gateway.localAddress())) {
            raw.send(MqttSnCodec.encode(new Connect(false, true, 60, "topics")));
            assertThat(raw.receiveMessage()).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            for (int i = 1; i <= 3; i++) {
                raw.send(MqttSnCodec.encode(new Register(0, i, "t/" + i)));
                RegAck a = (RegAck) raw.receiveMessage();
                assertThat(a.returnCode()).isEqualTo(i <= 2 ? ReturnCode.ACCEPTED : ReturnCode.REJECTED_CONGESTION);
            }
            raw.send(MqttSnCodec.encode(Subscribe.ofName(4, QoS.AT_LEAST_ONCE, "t/4")));
            assertThat(((SubAck) raw.receiveMessage()).returnCode()).isEqualTo(ReturnCode.REJECTED_CONGESTION);
            assertThat(gateway.counters().topicsRefused()).isEqualTo(2);
        }
    }

    /**
     * A client that never acknowledges: one QoS 1 message in flight, the queue holds 3, the rest are not
     * taken (not acknowledged to the broker, counted); QoS 0 over the limit is dropped and counted.
     */
    @Test
    void the_queue_toward_a_client_is_bounded() throws IOException {
        start(MqttSnGateway.builder().maxQueuedPerSession(3).retry(Duration.ofSeconds(60), 3));
        try (MqttPeer peer = new MqttPeer(broker.host(), broker.port()); RawUdp raw = new RawUdp(gateway.localAddress())) {
            raw.send(MqttSnCodec.encode(new Connect(false, true, 300, "slow")));
            assertThat(raw.receiveMessage()).isEqualTo(new ConnAck(ReturnCode.ACCEPTED));
            raw.send(MqttSnCodec.encode(Subscribe.ofName(1, QoS.EXACTLY_ONCE, "q/#")));
            assertThat(((SubAck) raw.receiveMessage()).returnCode()).isEqualTo(ReturnCode.ACCEPTED);
            for (int i = 0; i < 8; i++) {
                peer.publish("q/a", 1, "m" + i);
            }
            // one in flight + 3 queued; the broker's inflight window may hold back some of the rest
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.counters().queueRefused() >= 1);
            for (int i = 0; i < 5; i++) {
                peer.publish("q/b", 0, "z" + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.counters().qos0Dropped() == 5);
        }
    }
}
