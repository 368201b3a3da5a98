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
 * ({@link MosquittoProcess}), which is right by the spec: the same test is the reference.
 */
class SessionResumeTest {

    /** Not a deadline for the broker: how long a read may block before the test calls a message missing. */
    private static final int READ_TIMEOUT_MS = 15_000;

    @Test
    void unacknowledgedQos1MessagesComeAgainAfterABreakWithNewTrafficAtOnce() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral()) {
            resume(broker.address(), "q1", 1, 3, 1);
        }
    }

    @Test
    void unacknowledgedQos2MessagesComeAgainAfterABreakWithNewTrafficAtOnce() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral()) {
            resume(broker.address(), "q2", 2, 3, 1);
        }
    }

    /** Several breaks of one session, each with messages in flight: the numbering goes on over all of them. */
    @Test
    void repeatedBreaksOfOneSessionLoseNothing() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral()) {
            resume(broker.address(), "r1", 1, 4, 4);
            resume(broker.address(), "r2", 2, 4, 4);
        }
    }

    @Test
    void mosquittoIsTheReference() throws Exception {
        try (MosquittoProcess m = MosquittoProcess.startOrSkip()) {
            resume(m.address(), "q1", 1, 3, 1);
            resume(m.address(), "q2", 2, 3, 1);
            resume(m.address(), "r1", 1, 4, 4);
        }
    }

    /**
     * {@code inFlight} messages reach the subscriber, which does not acknowledge them and then resets its
     * connection; it reconnects with clean session 0 and one more message is published at once. Every
     * message must arrive (the old ones again, with DUP), each acknowledged as it comes; {@code breaks} times
     * on the same session.
     */
    private static void resume(InetSocketAddress broker, String name, int qos, int inFlight, int breaks) throws Exception {
        String topic = "resume/" + name;
        List<String> sent = new ArrayList<>();
        List<String> got = new ArrayList<>();
        try (RawMqtt pub = new RawMqtt(broker, READ_TIMEOUT_MS)) {
            pub.send(RawMqtt.connect("resume-pub-" + name, null, null));
            assertThat(RawMqtt.type(pub.read())).isEqualTo(2);
            RawMqtt sub = new RawMqtt(broker, READ_TIMEOUT_MS);
            sub.send(RawMqtt.connect("resume-sub-" + name, null, null, false), RawMqtt.subscribe(1, topic, qos));
            assertThat(RawMqtt.type(sub.read())).isEqualTo(2);
            assertThat(RawMqtt.type(sub.read())).isEqualTo(9);
            for (int b = 0; b < breaks; b++) {
                for (int i = 0; i < inFlight; i++) {
                    sent.add(publish(pub, topic, qos, "old-" + b + "-" + i));
                }
                int seen = 0;
                while (seen < inFlight) { // not acknowledged
                    byte[] p = sub.read();
                    if (RawMqtt.type(p) == 3 && RawMqtt.payload(p).startsWith("old-" + b + "-")) {
                        seen++;
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
                sent.add(publish(pub, topic, qos, "new-" + b));
                receive(sub, sent, got);
                assertThat(got).as("messages after break %d (QoS %d)", b + 1, qos).containsAll(sent);
            }
            sub.send(RawMqtt.disconnect());
            sub.close();
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

    /** Reads and acknowledges into {@code got} until it holds all of {@code expected} or nothing comes for a read timeout. */
    private static void receive(RawMqtt c, List<String> expected, List<String> got) throws IOException {
        try {
            while (!got.containsAll(expected)) {
                byte[] p = c.read();
                int type = RawMqtt.type(p);
                if (type == 3) {
                    int qos = (p[0] >> 1) & 3;
                    got.add(RawMqtt.payload(p));
                    c.send(qos == 2 ? RawMqtt.pubrec(RawMqtt.packetId(p)) : RawMqtt.puback(RawMqtt.packetId(p)));
                } else if (type == 6) { // PUBREL
                    c.send(RawMqtt.pubcomp(RawMqtt.packetId(p)));
                }
            }
        } catch (SocketTimeoutException e) {
            // what came is what the assertion judges
        }
    }
}
