package dev.l610.modem.internal.mqtt3;

import dev.l610.modem.net.Direction;
import dev.l610.modem.net.Shaping;
import dev.l610.modem.internal.net.PathFaults;
import dev.l610.modem.mqtt.InboundMessage;
import dev.l610.modem.mqtt.OpenParams;
import dev.l610.modem.mqtt.Topic;
import dev.l610.modem.mqtt.Will;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link Mqtt3Connection} against a scripted broker: exact bytes on the wire (docs/at-reference.md §3, §6). */
class Mqtt3ConnectionScriptTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CONNACK = "20 02 00 00";
    private static final String CONNACK_SESSION = "20 02 01 00";

    private NioEventLoopGroup group;
    private EventLoop loop;
    private ExecutorService blocking;
    private ScriptedBroker broker;
    private final PathFaults faults = new PathFaults(42);

    @BeforeEach
    void start() {
        group = new NioEventLoopGroup(1);
        loop = group.next();
        blocking = Executors.newSingleThreadExecutor();
        broker = new ScriptedBroker();
    }

    @AfterEach
    void stop() {
        broker.close();
        blocking.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private OpenParams params(boolean clean, int keepalive, String clientId) {
        return new OpenParams("127.0.0.1", broker.port(), clean, keepalive, false, clientId, "", "", null);
    }

    private Mqtt3Connection connection(OpenParams p, Recorder events, Mqtt3State state) {
        return new Mqtt3Connection(loop, NioSocketChannel.class, p, events, state, null, faults,
                Resolver.on(blocking), Duration.ofSeconds(30));
    }

    private static <T> T get(CompletableFuture<T> f) {
        return f.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    private static Topic t(String name) {
        return new Topic.Name(name);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** CONNECT of {@code params(clean, keepalive, "c")}: no will, no credentials. */
    private static String connectOfC(boolean clean, int keepalive) {
        return "10 0d 00 04 4d 51 54 54 04 " + (clean ? "02" : "00") + String.format(" 00 %02x", keepalive) + " 00 01 63";
    }

    /** An open connection of client "c" with its broker side. */
    private record Open(Mqtt3Connection c, ScriptedBroker.Peer peer) {
    }

    private Open open(boolean clean, int keepalive, Recorder events, Mqtt3State state, String connack) {
        Mqtt3Connection c = connection(params(clean, keepalive, "c"), events, state);
        CompletableFuture<Integer> connected = c.connect();
        ScriptedBroker.Peer peer = broker.accept();
        peer.expect(connectOfC(clean, keepalive)).send(connack);
        assertThat(get(connected)).isZero();
        return new Open(c, peer);
    }

    @Test
    void connectIsExactAndCompletesWithTheReturnCode() {
        OpenParams full = new OpenParams("127.0.0.1", broker.port(), true, 60, false, "dev-1", "u", "p",
                new Will("w/s", 1, true, b("bye")));
        Mqtt3Connection c = connection(full, new Recorder(), new Mqtt3State());
        CompletableFuture<Integer> rc = c.connect();
        ScriptedBroker.Peer peer = broker.accept();
        // flags ee: user, password, will retain, will qos 1, will, clean; keepalive 60
        peer.expect("10 21 00 04 4d 51 54 54 04 ee 00 3c 00 05 64 65 76 2d 31 00 03 77 2f 73 00 03 62 79 65"
                + " 00 01 75 00 01 70").send(CONNACK);
        assertThat(get(rc)).isZero();

        Mqtt3Connection refused = connection(params(false, 30, "c"), new Recorder(), new Mqtt3State());
        CompletableFuture<Integer> rc2 = refused.connect();
        ScriptedBroker.Peer peer2 = broker.accept();
        peer2.expect(connectOfC(false, 30)).send("20 02 00 05");
        assertThat(get(rc2)).isEqualTo(5);
        peer2.expectClosed();
        c.abort();
        peer.expectReset();
    }

    @Test
    void packetIdsStartAtOneAndSubackFailureIsFalse() {
        Open o = open(true, 60, new Recorder(), new Mqtt3State(), CONNACK);
        CompletableFuture<Boolean> pub = o.c().publish(t("t"), 1, false, b("a"));
        o.peer().expect("32 06 00 01 74 00 01 61");
        CompletableFuture<Boolean> sub = o.c().subscribe(t("t/#"), 1);
        o.peer().expect("82 08 00 02 00 03 74 2f 23 01").send("90 03 00 02 80");
        assertThat(get(sub)).isFalse();
        o.peer().send("40 02 00 01");
        assertThat(get(pub)).isTrue();
        CompletableFuture<Boolean> unsub = o.c().unsubscribe(t("t/#"));
        o.peer().expect("a2 07 00 03 00 03 74 2f 23").send("b0 02 00 03");
        assertThat(get(unsub)).isTrue();
        assertThat(get(o.c().publish(t("t"), 0, true, b("z")))).isTrue();
        o.peer().expect("31 04 00 01 74 7a");
        CompletableFuture<Void> closed = o.c().disconnect();
        o.peer().expect("e0 00").expectClosed();
        get(closed);
    }

    @Test
    void cleanSession0ResendsUnacknowledgedInOrderAfterSessionPresent() {
        Mqtt3State state = new Mqtt3State();
        Recorder first = new Recorder();
        Open o = open(false, 60, first, state, CONNACK);
        CompletableFuture<Boolean> a = o.c().publish(t("t"), 1, false, b("a"));
        o.peer().expect("32 06 00 01 74 00 01 61");
        CompletableFuture<Boolean> q2 = o.c().publish(t("t"), 2, false, b("b"));
        o.peer().expect("34 06 00 01 74 00 02 62").send("50 02 00 02").expect("62 02 00 02");
        o.peer().close(); // the broker side goes away

        await().atMost(WAIT).until(() -> !first.lost.isEmpty());
        // answered when the connection ended, not later
        assertThat(a).isCompletedExceptionally();
        assertThat(q2).isCompletedExceptionally();
        assertThat(first.lost).hasSize(1);

        Recorder second = new Recorder();
        Open o2 = open(false, 60, second, state, CONNACK_SESSION);
        o2.peer().expect("3a 06 00 01 74 00 01 61").expect("62 02 00 02"); // DUP PUBLISH, PUBREL, in order
        CompletableFuture<Boolean> c = o2.c().publish(t("t"), 1, false, b("c"));
        o2.peer().expect("32 06 00 01 74 00 03 63"); // after the re-sent ones; id 3
        o2.peer().send("40 02 00 01").send("70 02 00 02").send("40 02 00 03");
        assertThat(get(c)).isTrue();
        assertThat(get(CompletableFuture.supplyAsync(state::inFlight, loop))).isZero();
        assertThat(second.lost).isEmpty();
        o2.c().abort();
        o2.peer().expectReset();
    }

    @Test
    void sessionNotPresentDiscardsTheState() {
        Mqtt3State state = new Mqtt3State();
        Open o = open(false, 60, new Recorder(), state, CONNACK);
        CompletableFuture<Boolean> a = o.c().publish(t("t"), 1, false, b("a"));
        o.peer().expect("32 06 00 01 74 00 01 61");
        o.c().abort();
        o.peer().expectReset();
        await().atMost(WAIT).until(a::isDone);
        assertThat(a).isCompletedExceptionally();

        Open o2 = open(false, 60, new Recorder(), state, CONNACK);
        o2.c().publish(t("t"), 1, false, b("n"));
        o2.peer().expect("32 06 00 01 74 00 01 6e"); // the first packet: nothing re-sent, ids from 1
        o2.c().abort();
    }

    @Test
    void acksForUnknownIdsAreIgnored() {
        Recorder events = new Recorder();
        // keepalive 3 s: the PINGREQ comes after 3 s, a missing answer would only count after 4.5 s
        Open o = open(true, 3, events, new Mqtt3State(), CONNACK);
        o.peer().send("40 02 00 07").send("70 02 00 09").send("50 02 00 0b").send("90 03 00 0c 00");
        o.peer().expect("c0 00"); // the connection lives on: the keepalive PINGREQ comes
        assertThat(events.lost).isEmpty();
        o.peer().send("d0 00");
        CompletableFuture<Boolean> pub = o.c().publish(t("t"), 1, false, b("a"));
        o.peer().expect("32 06 00 01 74 00 01 61").send("40 02 00 01");
        assertThat(get(pub)).isTrue();
        o.c().abort();
    }

    @Test
    void abortResetsTheSocketWithoutOnLost() {
        Recorder events = new Recorder();
        Open o = open(true, 60, events, new Mqtt3State(), CONNACK);
        CompletableFuture<Boolean> pending = o.c().publish(t("t"), 1, false, b("a"));
        o.peer().expect("32 06 00 01 74 00 01 61");
        o.c().abort();
        o.peer().expectReset();
        await().atMost(WAIT).until(pending::isDone);
        assertThat(pending).isCompletedExceptionally();
        assertThat(events.lost).isEmpty();
    }

    @Test
    void blackholeIsNoticedByTheKeepalive() {
        Recorder events = new Recorder();
        Open o = open(true, 1, events, new Mqtt3State(), CONNACK);
        faults.blackhole(true);
        await().atMost(WAIT).until(() -> !events.lost.isEmpty());
        assertThat(events.lost).hasSize(1);
        assertThat(events.lost.get(0)).isInstanceOf(TimeoutException.class);
        o.peer().expectClosed();
    }

    @Test
    void abortingAnOldConnectionLeavesTheNewerOneAlone() {
        Mqtt3State state = new Mqtt3State();
        Recorder oldEvents = new Recorder();
        Recorder newEvents = new Recorder();
        Open old = open(false, 60, oldEvents, state, CONNACK);
        Open newer = open(false, 60, newEvents, state, CONNACK);
        old.c().abort();
        old.peer().expectReset();
        CompletableFuture<Boolean> pub = newer.c().publish(t("t"), 1, false, b("a"));
        newer.peer().expect("32 06 00 01 74 00 01 61").send("40 02 00 01");
        assertThat(get(pub)).isTrue();
        assertThat(newEvents.lost).isEmpty();
        assertThat(oldEvents.lost).isEmpty();
        newer.c().abort();
    }

    @Test
    void incomingMessagesAreAcknowledgedOnlyWhenTheModemSaysSo() {
        Recorder events = new Recorder();
        Open o = open(true, 60, events, new Mqtt3State(), CONNACK);
        o.peer().send("32 06 00 01 74 00 05 6d");
        InboundMessage m = events.next();
        assertThat(m.qos()).isEqualTo(1);
        assertThat(new String(m.payload(), StandardCharsets.US_ASCII)).isEqualTo("m");
        o.c().subscribe(t("x"), 0);
        o.peer().expect("82 06 00 01 00 01 78 00"); // no PUBACK before it
        m.ack();
        o.peer().expect("40 02 00 05");
        m.ack(); // once only
        o.peer().send("90 03 00 01 00");

        o.peer().send("34 06 00 01 74 00 06 71").send("3c 06 00 01 74 00 06 71").send("30 04 00 01 74 7a");
        InboundMessage q2 = events.next();
        assertThat(q2.qos()).isEqualTo(2);
        assertThat(events.next().qos()).isZero(); // the marker: the DUP before it was not delivered
        q2.ack();
        o.peer().expect("50 02 00 06");
        o.peer().send("3c 06 00 01 74 00 06 71").expect("50 02 00 06"); // PUBREC again, not delivered
        o.peer().send("62 02 00 06").expect("70 02 00 06");
        o.peer().send("30 04 00 01 74 7a");
        assertThat(events.next().qos()).isZero();
        assertThat(events.messages).isEmpty();
        assertThat(events.lost).isEmpty();
        o.c().abort();
    }

    /**
     * A broker that re-sends a QoS 1 PUBLISH before the modem acknowledged it (Moquette every 5 s while a full
     * +MQTTCONF=1 store withholds the message) gets one delivery and one PUBACK; after the PUBACK the same id is a
     * new message (MQTT 3.1.1 §4.3.2).
     */
    @Test
    void aQos1MessageReSentBeforeItsAcknowledgementIsDeliveredOnce() {
        Recorder events = new Recorder();
        Open o = open(false, 60, events, new Mqtt3State(), CONNACK);
        o.peer().send("32 06 00 01 74 00 05 6d").send("3a 06 00 01 74 00 05 6d").send("30 04 00 01 74 7a");
        InboundMessage m = events.next();
        assertThat(m.qos()).isEqualTo(1);
        assertThat(events.next().qos()).as("the marker: the re-sent copy was not delivered").isZero();
        m.ack();
        o.peer().expect("40 02 00 05");
        o.peer().send("32 06 00 01 74 00 05 6e");
        InboundMessage again = events.next();
        assertThat(new String(again.payload(), StandardCharsets.US_ASCII)).isEqualTo("n");
        again.ack();
        o.peer().expect("40 02 00 05");
        assertThat(events.messages).isEmpty();
        o.c().abort();
    }

    @Test
    void malformedPacketsEndTheConnection() {
        Recorder events = new Recorder();
        Open o = open(true, 60, events, new Mqtt3State(), CONNACK);
        o.peer().send("30 ff ff ff 7f"); // a 256 MiB PUBLISH: refused before any buffering
        await().atMost(WAIT).until(() -> !events.lost.isEmpty());
        assertThat(events.lost.get(0)).isInstanceOf(IOException.class);
        o.peer().expectClosed();

        Recorder events2 = new Recorder();
        Open o2 = open(true, 60, events2, new Mqtt3State(), CONNACK);
        o2.peer().send("00 00"); // reserved packet type 0
        await().atMost(WAIT).until(() -> !events2.lost.isEmpty());
        o2.peer().expectClosed();
    }

    @Test
    void anUnresolvableHostFailsTheConnect() {
        Mqtt3Connection c = new Mqtt3Connection(loop, NioSocketChannel.class,
                new OpenParams("nowhere.invalid", 1883, true, 60, false, "c", "", "", null), new Recorder(),
                new Mqtt3State(), null, faults,
                host -> CompletableFuture.failedFuture(new UnknownHostException(host)), Duration.ofSeconds(30));
        CompletableFuture<Integer> rc = c.connect();
        await().atMost(WAIT).until(rc::isDone);
        assertThat(rc).isCompletedExceptionally();
        assertThat(rc.handle((v, e) -> e).join()).isInstanceOf(UnknownHostException.class);
        assertThat(faults.openStreams()).isZero();
    }

    @Test
    void shapedPathKeepsTheOrderOfBytes() {
        faults.shape(Direction.UPLINK, new Shaping(Duration.ofMillis(20), Duration.ofMillis(30), 20_000, 0.3));
        faults.shape(Direction.DOWNLINK, new Shaping(Duration.ofMillis(20), Duration.ofMillis(30), 0, 0.3));
        Open o = open(true, 60, new Recorder(), new Mqtt3State(), CONNACK);
        CompletableFuture<?>[] pubs = new CompletableFuture<?>[20];
        for (int i = 0; i < pubs.length; i++) {
            pubs[i] = o.c().publish(t("t"), 1, false, new byte[] {(byte) i});
        }
        for (int i = 0; i < pubs.length; i++) {
            o.peer().expect(String.format("32 06 00 01 74 00 %02x %02x", i + 1, i));
        }
        for (int i = 0; i < pubs.length; i++) {
            o.peer().send(String.format("40 02 00 %02x", i + 1));
        }
        CompletableFuture.allOf(pubs).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        faults.clear();
        o.c().abort();
    }

    @Test
    void incomingQos2IdsSurviveAReconnectWithCleanSession0() {
        Mqtt3State state = new Mqtt3State();
        Recorder first = new Recorder();
        Open o = open(false, 60, first, state, CONNACK);
        o.peer().send("34 06 00 01 74 00 09 71");
        first.next().ack();
        o.peer().expect("50 02 00 09");
        o.c().abort();
        o.peer().expectReset();

        Recorder second = new Recorder();
        Open o2 = open(false, 60, second, state, CONNACK_SESSION);
        o2.peer().send("3c 06 00 01 74 00 09 71").expect("50 02 00 09"); // received before: PUBREC, no delivery
        o2.peer().send("62 02 00 09").expect("70 02 00 09");
        o2.peer().send("30 04 00 01 74 7a");
        assertThat(second.next().qos()).isZero(); // the marker is the first message: the DUP was not delivered
        assertThat(get(CompletableFuture.supplyAsync(state::awaitingRelease, loop))).isZero();
        o2.c().abort();
    }

    @Test
    void aFullInFlightWindowRefusesAPublish() {
        Open o = open(true, 60, new Recorder(), new Mqtt3State(1), CONNACK);
        CompletableFuture<Boolean> a = o.c().publish(t("t"), 1, false, b("a"));
        o.peer().expect("32 06 00 01 74 00 01 61");
        assertThat(get(o.c().publish(t("t"), 2, false, b("b")))).isFalse();
        o.peer().send("40 02 00 01");
        assertThat(get(a)).isTrue();
        CompletableFuture<Boolean> c = o.c().publish(t("t"), 1, false, b("c"));
        o.peer().expect("32 06 00 01 74 00 02 63").send("40 02 00 02");
        assertThat(get(c)).isTrue();
        o.c().abort();
    }

    @Test
    void aRefusedTcpConnectFailsTheConnectAndLeavesNothingOpen() throws IOException {
        int port;
        try (java.net.ServerSocket gone = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = gone.getLocalPort();
        }
        Recorder events = new Recorder();
        Mqtt3Connection c = connection(new OpenParams("127.0.0.1", port, true, 60, false, "c", "", "", null),
                events, new Mqtt3State());
        CompletableFuture<Integer> rc = c.connect();
        await().atMost(WAIT).until(rc::isDone);
        assertThat(rc).isCompletedExceptionally();
        await().atMost(WAIT).until(() -> faults.openStreams() == 0);
        assertThat(events.lost).isEmpty();
    }

    @Test
    void noConnackWithinTheConnectTimeoutFailsTheConnect() {
        Mqtt3Connection c = new Mqtt3Connection(loop, NioSocketChannel.class, params(true, 60, "c"), new Recorder(),
                new Mqtt3State(), null, faults, Resolver.on(blocking), Duration.ofMillis(500));
        CompletableFuture<Integer> rc = c.connect();
        ScriptedBroker.Peer peer = broker.accept();
        peer.expect(connectOfC(true, 60)); // and no CONNACK
        await().atMost(WAIT).until(rc::isDone);
        assertThat(rc.handle((v, e) -> e).join()).isInstanceOf(TimeoutException.class);
        peer.expectClosed();
    }
}
