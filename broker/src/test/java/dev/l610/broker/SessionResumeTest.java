package dev.l610.broker;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clean-session-0 subscriber whose connection breaks while QoS 1/2 messages are in flight to it gets
 * every one of them again after it reconnects (MQTT-4.4.0-1), also when new messages for it arrive
 * right after the reconnect. Moquette 0.17 numbers its PUBLISHes per connection from 1 but keeps its
 * in-flight window per session, so the first new message of the new connection took packet id 1 and
 * replaced the unacknowledged message 1 of the old connection: it was never sent again (the soak's
 * downstream loss; {@link ConnectBarrier} now continues the numbering).
 *
 * <p>Through raw sockets against the embedded broker, and against mosquitto when installed
 * ({@link Mosquitto}), which is right by the spec: the same test is the reference.
 */
class SessionResumeTest {

    /** Not a deadline for the broker: how long a read may block before the test calls a message missing. */
    private static final int READ_TIMEOUT_MS = 15_000;

    /**
     * After each break, the resumed session's new PUBLISH must not take the packet id of a message still
     * unacknowledged (MQTT 3.1.1 §2.3.1), and the unacknowledged ones come again right after the CONNACK,
     * before the new one (MQTT-4.4.0-1). Moquette as is gave the new one id 1, the first old message's, and
     * sent the old ones again only from its 5 s idle timer.
     */
    @Test
    void aResumedSessionDoesNotReuseThePacketIdsOfUnacknowledgedMessages() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral()) {
            for (int qos = 1; qos <= 2; qos++) {
                try (Subscriber s = new Subscriber(broker.address(), "ids" + qos, qos)) {
                    for (int b = 0; b < 5; b++) {
                        s.inFlightThenBreak(3 + b);
                        int id = RawMqtt.packetId(s.firstNew());
                        assertThat(s.unacknowledged).as("QoS %d, break %d: new message's packet id %d", qos, b + 1, id)
                                .doesNotContain(id);
                        assertThat(s.beforeNew).as("QoS %d, break %d: sent again at once, before the new message", qos, b + 1)
                                .containsAll(s.oldOfThisRound());
                    }
                }
            }
        }
    }

    /** Every message comes, for QoS 1 and 2 side by side. */
    @Test
    void unacknowledgedMessagesComeAgainAfterABreakWithNewTrafficAtOnce() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral()) {
            allArrive(broker.address());
        }
    }

    /**
     * A publisher re-sends a QoS 1 and a QoS 2 PUBLISH with DUP (its acknowledgement lost in a break, say): the
     * broker acknowledges both and goes on. Moquette 0.17 threw in routing such a DUP when nothing had failed
     * the first time, and that ended the session thread: no PUBACK, and no answer to any client of that thread.
     */
    @Test
    void aPublishSentAgainWithDupIsAcknowledgedAndTheBrokerGoesOn() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral()) {
            dupAnswered(broker.address());
        }
    }

    @Test
    void mosquittoIsTheReference() throws Exception {
        try (Mosquitto m = Mosquitto.start()) {
            allArrive(m.address());
            dupAnswered(m.address());
        }
    }

    private static void dupAnswered(InetSocketAddress broker) throws Exception {
        try (RawMqtt sub = new RawMqtt(broker, READ_TIMEOUT_MS); RawMqtt pub = new RawMqtt(broker, READ_TIMEOUT_MS)) {
            sub.send(RawMqtt.connect("dup-sub", null, null), RawMqtt.subscribe(1, "dup/#", 2));
            assertThat(RawMqtt.type(sub.read())).isEqualTo(2);
            assertThat(RawMqtt.type(sub.read())).isEqualTo(9);
            pub.send(RawMqtt.connect("dup-pub", null, null));
            assertThat(RawMqtt.type(pub.read())).isEqualTo(2);
            for (int round = 0; round < 2; round++) {
                byte[] q1 = RawMqtt.publish("dup/1", ("one-" + round).getBytes(StandardCharsets.UTF_8), 1, false, 7);
                pub.send(q1);
                assertThat(RawMqtt.packetId(pub.read())).isEqualTo(7);
                q1[0] |= 0x08; // DUP
                pub.send(q1);
                byte[] ack = pub.read();
                assertThat(RawMqtt.type(ack)).as("PUBACK of the DUP copy").isEqualTo(4);
                byte[] q2 = RawMqtt.publish("dup/2", ("two-" + round).getBytes(StandardCharsets.UTF_8), 2, false, 8);
                q2[0] |= 0x08;
                pub.send(q2);
                assertThat(RawMqtt.type(pub.read())).as("PUBREC of a DUP QoS 2").isEqualTo(5);
                pub.send(RawMqtt.pubrel(8));
                assertThat(RawMqtt.type(pub.read())).as("PUBCOMP").isEqualTo(7);
                // a QoS 2 PUBLISH the broker has (its PUBREC lost): sent again with DUP, acknowledged, not routed twice
                byte[] q3 = RawMqtt.publish("dup/3", ("three-" + round).getBytes(StandardCharsets.UTF_8), 2, false, 9);
                pub.send(q3);
                assertThat(RawMqtt.packetId(pub.read())).isEqualTo(9);
                q3[0] |= 0x08;
                pub.send(q3);
                byte[] rec = pub.read();
                assertThat(RawMqtt.type(rec)).as("PUBREC of the DUP copy").isEqualTo(5);
                pub.send(RawMqtt.pubrel(9));
                assertThat(RawMqtt.type(pub.read())).as("PUBCOMP").isEqualTo(7);
            }
            List<String> got = new ArrayList<>();
            // a marker after everything: what came before it is all that comes
            pub.send(RawMqtt.publish("dup/end", "end".getBytes(StandardCharsets.UTF_8), 1, false, 10));
            assertThat(RawMqtt.type(pub.read())).isEqualTo(4);
            while (!got.contains("end")) {
                byte[] p = sub.read();
                if (RawMqtt.type(p) == 3) {
                    got.add(RawMqtt.payload(p));
                    int qos = (p[0] >> 1) & 3;
                    sub.send(qos == 2 ? RawMqtt.pubrec(RawMqtt.packetId(p)) : RawMqtt.puback(RawMqtt.packetId(p)));
                } else if (RawMqtt.type(p) == 6) {
                    sub.send(RawMqtt.pubcomp(RawMqtt.packetId(p)));
                }
            }
            assertThat(got).containsAll(List.of("one-0", "one-1"));
            assertThat(got.stream().filter(x -> x.startsWith("two-") || x.startsWith("three-"))).as("QoS 2 exactly once")
                    .containsExactlyInAnyOrder("two-0", "two-1", "three-0", "three-1");
            pub.send(RawMqtt.disconnect());
            sub.send(RawMqtt.disconnect());
        }
    }

    private static void allArrive(InetSocketAddress broker) throws Exception {
        try (Subscriber one = new Subscriber(broker, "all1", 1); Subscriber two = new Subscriber(broker, "all2", 2)) {
            for (int b = 0; b < 1; b++) {
                for (Subscriber s : List.of(one, two)) {
                    s.inFlightThenBreak(3);
                    s.firstNew();
                }
                for (Subscriber s : List.of(one, two)) {
                    s.receiveAll();
                    assertThat(s.got).as("QoS %d after break %d", s.qos, b + 1).containsAll(s.sent);
                }
            }
        }
    }

    /** A clean-session-0 subscriber on {@code resume/<name>} and a publisher to it, both raw. */
    private static final class Subscriber implements AutoCloseable {
        final InetSocketAddress broker;
        final String name;
        final int qos;
        final RawMqtt pub;
        RawMqtt sub;
        final List<String> sent = new ArrayList<>();
        final List<String> got = new ArrayList<>();
        /** Packet ids of the PUBLISHes received and not acknowledged before the last break. */
        final List<Integer> unacknowledged = new ArrayList<>();
        /** Payloads received after the last reconnect before the new message. */
        final List<String> beforeNew = new ArrayList<>();
        int round;

        Subscriber(InetSocketAddress broker, String name, int qos) throws IOException {
            this.broker = broker;
            this.name = name;
            this.qos = qos;
            pub = new RawMqtt(broker, READ_TIMEOUT_MS);
            pub.send(RawMqtt.connect("resume-pub-" + name, null, null));
            assertThat(RawMqtt.type(pub.read())).isEqualTo(2);
            sub = new RawMqtt(broker, READ_TIMEOUT_MS);
            sub.send(RawMqtt.connect("resume-sub-" + name, null, null, false), RawMqtt.subscribe(1, "resume/" + name, qos));
            assertThat(RawMqtt.type(sub.read())).isEqualTo(2);
            assertThat(RawMqtt.type(sub.read())).isEqualTo(9);
        }

        /** {@code n} messages reach the subscriber, none acknowledged; then it resets and reconnects (clean session 0). */
        void inFlightThenBreak(int n) throws IOException {
            round++;
            unacknowledged.clear();
            for (int i = 0; i < n; i++) {
                sent.add(publish(pub, "resume/" + name, qos, "old-" + round + "-" + i));
            }
            while (unacknowledged.size() < n) {
                byte[] p = sub.read();
                if (RawMqtt.type(p) == 3 && RawMqtt.payload(p).startsWith("old-" + round + "-")) {
                    unacknowledged.add(RawMqtt.packetId(p));
                } else if (RawMqtt.type(p) == 6) {
                    sub.send(RawMqtt.pubcomp(RawMqtt.packetId(p)));
                }
            }
            sub.reset();
            sub = new RawMqtt(broker, READ_TIMEOUT_MS);
            sub.send(RawMqtt.connect("resume-sub-" + name, null, null, false));
            byte[] connack = sub.read();
            assertThat(RawMqtt.type(connack)).isEqualTo(2);
            assertThat(connack[1] & 1).as("session present").isEqualTo(1);
        }

        /** Publishes one new message and returns its PUBLISH as received (acknowledged), old ones met on the way too. */
        byte[] firstNew() throws IOException {
            String payload = "new-" + round;
            sent.add(publish(pub, "resume/" + name, qos, payload));
            beforeNew.clear();
            while (true) {
                byte[] p = next();
                if (p != null && RawMqtt.payload(p).equals(payload)) {
                    return p;
                }
                if (p != null) {
                    beforeNew.add(RawMqtt.payload(p));
                }
            }
        }

        /** The payloads published before this round's break. */
        List<String> oldOfThisRound() {
            return sent.stream().filter(p -> p.startsWith("old-" + round + "-")).toList();
        }

        /** Reads and acknowledges until every message sent came, or nothing comes for a read timeout. */
        void receiveAll() throws IOException {
            try {
                while (!got.containsAll(sent)) {
                    next();
                }
            } catch (SocketTimeoutException e) {
                // what came is what the assertions judge
            }
        }

        /** The next packet, acknowledged; a PUBLISH is returned (and counted), anything else gives null. */
        private byte[] next() throws IOException {
            byte[] p = sub.read();
            int type = RawMqtt.type(p);
            if (type == 3) {
                got.add(RawMqtt.payload(p));
                sub.send(qos == 2 ? RawMqtt.pubrec(RawMqtt.packetId(p)) : RawMqtt.puback(RawMqtt.packetId(p)));
                return p;
            }
            if (type == 6) { // PUBREL
                sub.send(RawMqtt.pubcomp(RawMqtt.packetId(p)));
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            sub.send(RawMqtt.disconnect());
            sub.close();
            pub.close();
        }
    }

    /** PUBLISH from the publisher, answered PUBACK or PUBREC (then PUBREL, PUBCOMP). */
    private static String publish(RawMqtt pub, String topic, int qos, String payload) throws IOException {
        int id = 1 + (int) (System.nanoTime() & 0x3fff);
        pub.send(RawMqtt.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false, id));
        byte[] ack = pub.read();
        if (qos == 2) {
            assertThat(RawMqtt.type(ack)).isEqualTo(5);
            pub.send(RawMqtt.pubrel(id));
            assertThat(RawMqtt.type(pub.read())).isEqualTo(7);
        } else {
            assertThat(RawMqtt.type(ack)).isEqualTo(4);
        }
        return payload;
    }
}
