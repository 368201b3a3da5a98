package dev.l610.broker;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The embedded broker against raw MQTT 3.1.1 packets: the faults of issue 16 stay fixed. */
class BrokerBehaviourTest {

    /** Not a deadline for the broker: how long a read may block before the test calls the packet missing. */
    private static final int READ_TIMEOUT_MS = 15_000;

    @Test
    void subscribePipelinedRightAfterConnectIsAnswered() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral()) {
            for (int i = 0; i < 200; i++) {
                try (RawMqtt c = new RawMqtt(broker.address(), READ_TIMEOUT_MS)) {
                    c.send(RawMqtt.connect("pipe-" + i, null, null), RawMqtt.subscribe(7, "p/" + i, 1));
                    byte[] connack = c.read();
                    assertThat(RawMqtt.type(connack)).as("CONNACK of connection %d", i).isEqualTo(2);
                    assertThat(connack[2]).isZero();
                    byte[] suback = c.read();
                    assertThat(RawMqtt.type(suback)).as("SUBACK of connection %d", i).isEqualTo(9);
                    assertThat((suback[1] & 0xff) << 8 | (suback[2] & 0xff)).isEqualTo(7);
                    c.send(RawMqtt.disconnect());
                }
            }
        }
    }

    /**
     * {@code -Dl610.broker.cycles=N} (default 10,000): connect, CONNACK, SUBSCRIBE at once, SUBACK, on 4
     * threads, as Moquette 0.17 dropped a few in a thousand of these under load.
     */
    @Test
    void subscribeRightAfterConnackNeverDropsTheConnection() throws Exception {
        int cycles = Integer.getInteger("l610.broker.cycles", 10_000);
        int threads = 4;
        AtomicInteger dropped = new AtomicInteger();
        List<String> firstErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                runs.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < cycles) {
                        try (RawMqtt c = new RawMqtt(broker.address(), READ_TIMEOUT_MS)) {
                            c.send(RawMqtt.connect("race-" + i, null, null));
                            if (RawMqtt.type(c.read()) != 2) {
                                throw new IOException("no CONNACK");
                            }
                            c.send(RawMqtt.subscribe(1, "r/" + i, 1));
                            if (RawMqtt.type(c.read()) != 9) {
                                throw new IOException("no SUBACK");
                            }
                            c.send(RawMqtt.disconnect());
                        } catch (IOException e) {
                            dropped.incrementAndGet();
                            if (firstErrors.size() < 5) {
                                firstErrors.add("cycle " + i + ": " + e);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
            pool.shutdown();
        }
        assertThat(dropped.get()).as("dropped out of %d: %s", cycles, firstErrors).isZero();
    }

    @Test
    void retainedMessageIsDeliveredWithTheRetainFlag() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral();
             RawMqtt pub = new RawMqtt(broker.address(), READ_TIMEOUT_MS);
             RawMqtt sub = new RawMqtt(broker.address(), READ_TIMEOUT_MS)) {
            pub.send(RawMqtt.connect("retain-pub", null, null));
            assertThat(RawMqtt.type(pub.read())).isEqualTo(2);
            pub.send(RawMqtt.publish("ret/1", "kept".getBytes(StandardCharsets.US_ASCII), 1, true, 5));
            assertThat(RawMqtt.type(pub.read())).isEqualTo(4); // PUBACK: stored
            sub.send(RawMqtt.connect("retain-sub", null, null), RawMqtt.subscribe(2, "ret/#", 1));
            assertThat(RawMqtt.type(sub.read())).isEqualTo(2);
            byte[] p;
            do {
                p = sub.read();
            } while (RawMqtt.type(p) == 9); // SUBACK, then the retained PUBLISH
            assertThat(RawMqtt.type(p)).isEqualTo(3);
            assertThat(p[0] & 1).as("retain flag of the delivered retained message").isEqualTo(1);
            if ((p[0] & 0x06) != 0) {
                int tl = (p[1] & 0xff) << 8 | (p[2] & 0xff);
                sub.send(RawMqtt.puback((p[3 + tl] & 0xff) << 8 | (p[4 + tl] & 0xff)));
            }
            // a live message to an existing subscription: retain 0 (MQTT 3.1.1 §3.3.1.3), retained or not
            pub.send(RawMqtt.publish("ret/1", "live".getBytes(StandardCharsets.US_ASCII), 1, true, 6));
            assertThat(RawMqtt.type(pub.read())).isEqualTo(4);
            byte[] live = sub.read();
            assertThat(RawMqtt.type(live)).isEqualTo(3);
            assertThat(new String(live, live.length - 4, 4, StandardCharsets.US_ASCII)).isEqualTo("live");
            assertThat(live[0] & 1).as("retain flag of a live message").isZero();
        }
    }

    /**
     * Moquette 0.17 acknowledges a retained PUBLISH before it stores it: a subscriber that comes as soon
     * as the publisher saw PUBACK (QoS 1) or PUBREC (QoS 2) could miss the message. The subscriber's
     * UNSUBSCRIBE right after its SUBSCRIBE runs after the retained delivery, so a missing message shows
     * as UNSUBACK where the PUBLISH should be, without waiting for a timeout.
     */
    @Test
    void retainedMessageIsStoredBeforeItsAcknowledgement() throws Exception {
        int rounds = Integer.getInteger("l610.broker.retainRounds", 1_000);
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral();
             RawMqtt pub = new RawMqtt(broker.address(), READ_TIMEOUT_MS);
             RawMqtt sub = new RawMqtt(broker.address(), READ_TIMEOUT_MS)) {
            pub.send(RawMqtt.connect("stored-pub", null, null));
            assertThat(RawMqtt.type(pub.read())).isEqualTo(2);
            sub.send(RawMqtt.connect("stored-sub", null, null));
            assertThat(RawMqtt.type(sub.read())).isEqualTo(2);
            int missed = 0;
            String firstMiss = null;
            for (int i = 0; i < rounds; i++) {
                int qos = 1 + i % 2;
                int id = 1 + i % 60_000;
                String topic = "stored/" + i;
                pub.send(RawMqtt.publish(topic, "r".getBytes(StandardCharsets.US_ASCII), qos, true, id));
                assertThat(RawMqtt.type(pub.read())).as("PUBACK/PUBREC of round %d", i).isEqualTo(qos == 1 ? 4 : 5);
                sub.send(RawMqtt.subscribe(id, topic, 0), RawMqtt.unsubscribe(id, topic));
                if (qos == 2) {
                    pub.send(RawMqtt.pubrel(id));
                }
                assertThat(RawMqtt.type(sub.read())).as("SUBACK of round %d", i).isEqualTo(9);
                byte[] next = sub.read();
                if (RawMqtt.type(next) == 3) {
                    assertThat(RawMqtt.type(sub.read())).as("UNSUBACK of round %d", i).isEqualTo(11);
                } else {
                    assertThat(RawMqtt.type(next)).as("UNSUBACK of round %d", i).isEqualTo(11);
                    missed++;

                    if (missed <= 10) {
                        firstMiss = (firstMiss != null ? firstMiss + ", " : "rounds ") + i + " (QoS " + qos + ")";
                    }
                }
                if (qos == 2) {
                    assertThat(RawMqtt.type(pub.read())).as("PUBCOMP of round %d", i).isEqualTo(7);
                }
            }
            assertThat(missed).as("retained messages missed by a subscriber after the ack, the first: %s", firstMiss)
                    .isZero();
        }
    }

    /**
     * Moquette runs each packet as a command on a bounded queue per session thread and drops a command
     * when that queue is full (logging "Session command queue ... is full"): a burst of QoS 1 PUBLISHes,
     * as a client with many in flight or a gateway sends, lost PUBACKs. Every one is acknowledged.
     */
    @Test
    void aBurstOfQos1PublishesIsAcknowledgedInFull() throws Exception {
        int burst = 40_000; // more than Moquette's command queue (EmbeddedBroker.SESSION_QUEUE_SIZE) holds
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral();
             RawMqtt sub = new RawMqtt(broker.address(), READ_TIMEOUT_MS);
             RawMqtt pub = new RawMqtt(broker.address(), READ_TIMEOUT_MS)) {
            sub.send(RawMqtt.connect("burst-sub", null, null), RawMqtt.subscribe(1, "burst/#", 0));
            assertThat(RawMqtt.type(sub.read())).isEqualTo(2);
            assertThat(RawMqtt.type(sub.read())).isEqualTo(9);
            pub.send(RawMqtt.connect("burst-pub", null, null));
            assertThat(RawMqtt.type(pub.read())).isEqualTo(2);
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (int i = 1; i <= burst; i++) {
                all.writeBytes(RawMqtt.publish("burst/t", new byte[16], 1, false, i));
            }
            pub.send(all.toByteArray());
            java.util.BitSet acked = new java.util.BitSet();
            for (int i = 0; i < burst; i++) {
                byte[] ack;
                try {
                    ack = pub.read();
                } catch (java.net.SocketTimeoutException e) {
                    break;
                }
                assertThat(RawMqtt.type(ack)).isEqualTo(4);
                acked.set((ack[1] & 0xff) << 8 | (ack[2] & 0xff));
            }
            assertThat(acked.cardinality()).as("PUBACKs of %d pipelined QoS 1 PUBLISHes", burst).isEqualTo(burst);
        }
    }

    /**
     * A subscriber that stops reading for a while (a modem whose store is full pauses its socket) gets
     * every QoS 1 message when it reads again. More than the barrier's 1 MiB waits for it meanwhile, so
     * the barrier stops reading from it; it must read again as the backlog drains, or the subscriber's
     * PUBACKs would never reach Moquette and delivery would stall.
     */
    @Test
    void aSubscriberThatPausesReadingLosesNoQos1Message() throws Exception {
        int count = 300;
        byte[] payload = new byte[8 * 1024];
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral();
             RawMqtt sub = new RawMqtt(broker.address(), READ_TIMEOUT_MS);
             RawMqtt pub = new RawMqtt(broker.address(), READ_TIMEOUT_MS)) {
            sub.send(RawMqtt.connect("pause-sub", null, null), RawMqtt.subscribe(1, "pause/#", 1));
            assertThat(RawMqtt.type(sub.read())).isEqualTo(2);
            assertThat(RawMqtt.type(sub.read())).isEqualTo(9);
            pub.send(RawMqtt.connect("pause-pub", null, null));
            assertThat(RawMqtt.type(pub.read())).isEqualTo(2);
            for (int i = 1; i <= count; i++) { // the subscriber reads nothing meanwhile
                payload[0] = (byte) (i >> 8);
                payload[1] = (byte) i;
                pub.send(RawMqtt.publish("pause/t", payload, 1, false, i));
                assertThat(RawMqtt.type(pub.read())).as("PUBACK %d", i).isEqualTo(4);
            }
            java.util.BitSet got = new java.util.BitSet();
            while (got.cardinality() < count) {
                byte[] p;
                try {
                    p = sub.read();
                } catch (java.net.SocketTimeoutException e) {
                    break;
                }
                if (RawMqtt.type(p) != 3) {
                    continue;
                }
                int tl = (p[1] & 0xff) << 8 | (p[2] & 0xff);
                int id = (p[3 + tl] & 0xff) << 8 | (p[4 + tl] & 0xff);
                sub.send(RawMqtt.puback(id));
                got.set((p[5 + tl] & 0xff) << 8 | (p[6 + tl] & 0xff));
            }
            assertThat(got.cardinality()).as("QoS 1 messages delivered after the pause").isEqualTo(count);
        }
    }

    /**
     * A DISCONNECT that arrives while the barrier still holds the client's packets (sent with the CONNECT,
     * or right after the CONNACK) and the connection closing next: the broker drops the will, as for
     * any DISCONNECT. The barrier used to release held packets unread when the connection went, so
     * Moquette saw the connection lost without a DISCONNECT and published the will.
     */
    @Test
    void aDisconnectHeldAtCloseStillDropsTheWill() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral();
             RawMqtt watcher = new RawMqtt(broker.address(), READ_TIMEOUT_MS)) {
            watcher.send(RawMqtt.connect("will-watcher", null, null), RawMqtt.subscribe(1, "will/#", 0));
            assertThat(RawMqtt.type(watcher.read())).isEqualTo(2);
            assertThat(RawMqtt.type(watcher.read())).isEqualTo(9);
            for (int i = 0; i < 20; i++) {
                try (RawMqtt polite = new RawMqtt(broker.address(), READ_TIMEOUT_MS)) {
                    polite.send(RawMqtt.connectWithWill("polite-" + i, "will/polite", "not sent"), RawMqtt.disconnect());
                    assertThat(RawMqtt.type(polite.read())).isEqualTo(2);
                }
                // an abrupt end after it: its will is the next message, unless the polite one's came first
                RawMqtt rude = new RawMqtt(broker.address(), READ_TIMEOUT_MS);
                rude.send(RawMqtt.connectWithWill("rude-" + i, "will/rude", "gone"));
                assertThat(RawMqtt.type(rude.read())).isEqualTo(2);
                rude.reset();
                byte[] will = watcher.read();
                assertThat(RawMqtt.type(will)).isEqualTo(3);
                int tl = (will[1] & 0xff) << 8 | (will[2] & 0xff);
                assertThat(new String(will, 3, tl, StandardCharsets.UTF_8)).as("round %d", i).isEqualTo("will/rude");
            }
        }
    }

    @Test
    void wrongPasswordIsRefusedWithCode4() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, "u", "secret");
             RawMqtt bad = new RawMqtt(broker.address(), READ_TIMEOUT_MS);
             RawMqtt good = new RawMqtt(broker.address(), READ_TIMEOUT_MS)) {
            bad.send(RawMqtt.connect("bad", "u", "nope"));
            byte[] refused = bad.read();
            assertThat(RawMqtt.type(refused)).isEqualTo(2);
            assertThat(refused[2]).isEqualTo((byte) 4);
            good.send(RawMqtt.connect("good", "u", "secret"));
            assertThat(good.read()[2]).isZero();
        }
    }

    /**
     * A client resetting its connection: the broker, in a JVM without the build's logging settings (as
     * {@code l610 serve} without {@code -v} and any embedding program), prints no stack trace.
     */
    @Test
    void resetByTheClientPrintsNoStackTrace() throws Exception {
        Path err = Files.createTempFile("l610-reset", ".err");
        try {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", childClassPath(), ResetChild.class.getName())
                    .redirectErrorStream(false)
                    .redirectError(err.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            await().atMost(Duration.ofSeconds(60)).until(() -> !child.isAlive());
            String stderr = Files.readString(err);
            assertThat(child.exitValue()).as(stderr).isZero();
            assertThat(stderr).doesNotContain("\tat ").doesNotContain(" ERROR ").doesNotContain(" WARN ")
                    .doesNotContain("Unexpected exception");
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /**
     * This JVM's class path and module path, as one class path: surefire runs a module's tests with the
     * module (target/classes) and the modules it requires on the module path.
     */
    private static String childClassPath() {
        String modules = System.getProperty("jdk.module.path", "");
        String classes = System.getProperty("java.class.path", "");
        return modules.isEmpty() ? classes : classes + java.io.File.pathSeparator + modules;
    }

    /** The child of {@link #resetByTheClientPrintsNoStackTrace()}: 20 resets, waiting until the broker saw each. */
    static final class ResetChild {
        public static void main(String[] args) throws Exception {
            try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral()) {
                for (int i = 0; i < 20; i++) {
                    RawMqtt c = new RawMqtt(broker.address(), READ_TIMEOUT_MS);
                    c.send(RawMqtt.connect("reset-" + i, null, null));
                    RawMqtt.type(c.read());
                    await().atMost(Duration.ofSeconds(20)).until(() -> broker.connectedClients() == 1);
                    c.reset();
                    await().atMost(Duration.ofSeconds(20)).until(() -> broker.connectedClients() == 0);
                }
            }
        }
    }
}
