package dev.l610.driver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The command channel against recorded bytes with the quirks of real modules (docs/real-hosts.md). */
class ChannelScriptedTest {

    private final ScriptedPeer peer;
    private L610Driver driver;
    private final List<String> urcs = new CopyOnWriteArrayList<>();

    ChannelScriptedTest() throws Exception {
        peer = new ScriptedPeer();
    }

    private L610Driver connect(Duration timeout) throws Exception {
        driver = peer.connect(DriverOptions.defaults().withTimeouts(Timeouts.all(timeout)));
        driver.at().addUrcListener(urcs::add);
        return driver;
    }

    @AfterEach
    void close() throws Exception {
        if (driver != null) {
            driver.close();
        }
        peer.close();
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not fail: " + e, e);
        }
        throw new AssertionError("future did not fail");
    }

    @Test
    void echoOnWithSimReadyArrivingInsideTheAnswer() throws Exception {
        connect(Duration.ofSeconds(5));
        CompletableFuture<AtResponse> f = driver.at().send("AT+CSQ");
        assertThat(peer.nextCommand()).isEqualTo("AT+CSQ");
        peer.send("AT+CSQ\r\r\n+SIM READY\r\n+CSQ: 31,99\r\n\r\nOK\r\n");
        assertThat(get(f).lines()).containsExactly("+CSQ: 31,99");
        assertThat(driver.at().echo()).isTrue();
        await().untilAsserted(() -> assertThat(urcs).containsExactly("+SIM READY"));
    }

    @Test
    void lfOnlyLineEndsEchoOffAndABareImei() throws Exception {
        connect(Duration.ofSeconds(5));
        CompletableFuture<String> imei = driver.modem().imei();
        assertThat(peer.nextCommand()).isEqualTo("AT+CGSN");
        peer.send("\n+SIM READY\n869548040012344\n\nOK\n");
        assertThat(get(imei)).isEqualTo("869548040012344");
        assertThat(driver.at().echo()).isFalse();
        await().untilAsserted(() -> assertThat(urcs).containsExactly("+SIM READY"));
    }

    @Test
    void anMqttMessageBetweenACommandAndItsResultIsAUrc() throws Exception {
        connect(Duration.ofSeconds(5));
        List<MqttMessage> got = new CopyOnWriteArrayList<>();
        driver.mqtt().addMessageListener(got::add);
        CompletableFuture<Signal> s = driver.modem().signal();
        assertThat(peer.nextCommand()).isEqualTo("AT+CSQ");
        peer.send("AT+CSQ\r\r\n+MQTTMSG: 1, 0, \"t/1\", \"a,\"b\r\nc\"\r\n+CSQ: 20, 99\r\n\r\nOK\r\n");
        assertThat(get(s)).isEqualTo(new Signal(20, 99));
        assertThat(get(s).dBm()).hasValue(-73);
        await().untilAsserted(() -> assertThat(got).hasSize(1));
        assertThat(got.get(0).topic()).isEqualTo(MqttTopic.name("t/1"));
        assertThat(got.get(0).payloadUtf8()).isEqualTo("a,\"b\r\nc");
    }

    @Test
    void errorAndCmeErrorsNumericAndVerbose() throws Exception {
        connect(Duration.ofSeconds(5));
        CompletableFuture<AtResponse> a = driver.at().send("AT+FOO");
        CompletableFuture<AtResponse> b = driver.at().send("AT+CPIN=1234");
        CompletableFuture<AtResponse> c = driver.at().send("AT+CPIN?");
        assertThat(peer.nextCommand()).isEqualTo("AT+FOO");
        peer.send("\r\nERROR\r\n");
        assertThat(peer.nextCommand()).isEqualTo("AT+CPIN=1234");
        peer.send("\r\n+CME ERROR: 3\r\n");
        assertThat(peer.nextCommand()).isEqualTo("AT+CPIN?");
        peer.send("\r\n+CME ERROR: SIM not inserted\r\n");
        AtCommandException ea = (AtCommandException) failure(a);
        assertThat(ea.isCme()).isFalse();
        assertThat(ea.cmeCode()).isEqualTo(-1);
        AtCommandException eb = (AtCommandException) failure(b);
        assertThat(eb.cmeError()).contains(CmeError.OPERATION_NOT_ALLOWED);
        AtCommandException ec = (AtCommandException) failure(c);
        assertThat(ec.cmeCode()).isEqualTo(10);
        assertThat(ec.cmeError()).contains(CmeError.SIM_NOT_INSERTED);
        assertThat(ec.resultLine()).isEqualTo("+CME ERROR: SIM not inserted");
    }

    @Test
    void oneCommandAtATimeInOrder() throws Exception {
        connect(Duration.ofSeconds(5));
        CompletableFuture<AtResponse> first = driver.at().send("AT");
        CompletableFuture<AtResponse> second = driver.at().send("AT+CGMR");
        assertThat(peer.nextCommand()).isEqualTo("AT");
        assertThat(peer.silentFor(150)).isTrue(); // the second waits for the first's final result
        peer.send("\r\nOK\r\n");
        assertThat(peer.nextCommand()).isEqualTo("AT+CGMR");
        peer.send("\r\n16000.1000.00.97.20.10\r\n\r\nOK\r\n");
        assertThat(get(first).lines()).isEmpty();
        assertThat(get(second).lines()).containsExactly("16000.1000.00.97.20.10");
    }

    @Test
    void aSilentPeerTimesOutAndNothingIsRetried() throws Exception {
        connect(Duration.ofMillis(300));
        CompletableFuture<AtResponse> f = driver.at().send("AT");
        CompletableFuture<AtResponse> g = driver.at().send("AT+CSQ");
        assertThat(peer.nextCommand()).isEqualTo("AT");
        assertThat(failure(f)).isInstanceOf(AtTimeoutException.class).hasMessageContaining("AT: no final result within 300 ms");
        assertThat(peer.nextCommand()).isEqualTo("AT+CSQ"); // the next command, not AT again
        assertThat(failure(g)).isInstanceOf(AtTimeoutException.class);
        assertThat(driver.isOpen()).isTrue();
    }

    @Test
    void aLateFinalResultBeforeTheNextEchoIsDropped() throws Exception {
        connect(Duration.ofMillis(300));
        CompletableFuture<AtResponse> slow = driver.at().send("AT+COPS=?");
        assertThat(peer.nextCommand()).isEqualTo("AT+COPS=?");
        assertThat(failure(slow)).isInstanceOf(AtTimeoutException.class);
        CompletableFuture<AtResponse> next = driver.at().send(AtRequest.of("AT+CSQ").withTimeout(Duration.ofSeconds(5)));
        assertThat(peer.nextCommand()).isEqualTo("AT+CSQ");
        peer.send("\r\nOK\r\nAT+CSQ\r\r\n+CSQ: 5,99\r\n\r\nOK\r\n"); // the late OK answers AT+COPS=?
        assertThat(get(next).lines()).containsExactly("+CSQ: 5,99");
    }

    /**
     * One timer serves the channel: a command answered in time leaves it armed for its own deadline, and the
     * next command must neither time out at that earlier deadline nor outlive its own (shorter or longer).
     */
    @Test
    void eachCommandTimesOutAtItsOwnDeadline() throws Exception {
        connect(Duration.ofSeconds(30));
        CompletableFuture<AtResponse> quick = driver.at().send(AtRequest.of("AT").withTimeout(Duration.ofMillis(200)));
        assertThat(peer.nextCommand()).isEqualTo("AT");
        peer.send("AT\r\r\nOK\r\n");
        get(quick);
        // a longer one, answered after the first one's deadline has passed: not timed out
        CompletableFuture<AtResponse> longer = driver.at().send(AtRequest.of("AT+CSQ").withTimeout(Duration.ofSeconds(30)));
        assertThat(peer.nextCommand()).isEqualTo("AT+CSQ");
        Thread.sleep(400); // the first command's deadline passes (time itself is what is tested)
        assertThat(longer).isNotDone();
        peer.send("AT+CSQ\r\r\n+CSQ: 5,99\r\n\r\nOK\r\n");
        assertThat(get(longer).lines()).containsExactly("+CSQ: 5,99");
        // a long one answered, then a short one never answered: it times out by its own deadline, long before 30 s
        CompletableFuture<AtResponse> again = driver.at().send(AtRequest.of("AT+CSQ").withTimeout(Duration.ofSeconds(30)));
        assertThat(peer.nextCommand()).isEqualTo("AT+CSQ");
        peer.send("AT+CSQ\r\r\n+CSQ: 5,99\r\n\r\nOK\r\n");
        get(again);
        long t0 = System.nanoTime();
        CompletableFuture<AtResponse> shorter = driver.at().send(AtRequest.of("AT+CGREG?").withTimeout(Duration.ofMillis(300)));
        assertThat(peer.nextCommand()).isEqualTo("AT+CGREG?");
        assertThat(failure(shorter)).isInstanceOf(AtTimeoutException.class).hasMessageContaining("within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        // and the channel goes on
        CompletableFuture<AtResponse> after = driver.at().send("AT");
        assertThat(peer.nextCommand()).isEqualTo("AT");
        peer.send("AT\r\r\nOK\r\n");
        get(after);
    }

    @Test
    void aPeerThatHangsUpFailsPendingAndQueuedCommands() throws Exception {
        connect(Duration.ofSeconds(30));
        CompletableFuture<AtResponse> pending = driver.at().send("AT");
        CompletableFuture<AtResponse> queued = driver.at().send("AT+CSQ");
        CompletableFuture<Void> open = driver.mqtt().client(1).open(MqttServer.of("b", 1883));
        assertThat(peer.nextCommand()).isEqualTo("AT");
        peer.hangUp();
        assertThat(failure(pending)).isInstanceOf(LinkClosedException.class).hasMessageContaining("closed the link");
        assertThat(failure(queued)).isInstanceOf(LinkClosedException.class);
        assertThat(failure(open)).isInstanceOf(LinkClosedException.class);
        assertThat(get(driver.closed())).isInstanceOf(LinkClosedException.class);
        assertThat(driver.isOpen()).isFalse();
        assertThat(failure(driver.at().send("AT"))).isInstanceOf(LinkClosedException.class);
    }

    @Test
    void closingTheDriverFailsWhatWaits() throws Exception {
        connect(Duration.ofSeconds(30));
        CompletableFuture<AtResponse> pending = driver.at().send("AT");
        assertThat(peer.nextCommand()).isEqualTo("AT");
        driver.close();
        assertThat(failure(pending)).isInstanceOf(LinkClosedException.class).hasMessageContaining("closed by the application");
    }

    @Test
    void aStartAssumptionOfEchoOffStillSkipsTheEcho() throws Exception {
        driver = peer.connect(DriverOptions.defaults().withEchoAtStart(false));
        CompletableFuture<AtResponse> f = driver.at().send("ATI");
        assertThat(peer.nextCommand()).isEqualTo("ATI");
        peer.send("ATI\r\r\nFibocom\r\nL610\r\nRevision: 1\r\n\r\nOK\r\n");
        assertThat(get(f).lines()).containsExactly("Fibocom", "L610", "Revision: 1");
        assertThat(driver.at().echo()).isTrue();
        CompletableFuture<Void> off = driver.modem().echo(false);
        assertThat(peer.nextCommand()).isEqualTo("ATE0");
        peer.send("ATE0\r\r\nOK\r\n");
        get(off);
        assertThat(driver.at().echo()).isFalse();
    }

    @Test
    void withEchoOnLinesBeforeTheEchoAreNotTheAnswer() throws Exception {
        connect(Duration.ofSeconds(5));
        CompletableFuture<AtResponse> first = driver.at().send("AT");
        assertThat(peer.nextCommand()).isEqualTo("AT");
        peer.send("AT\r\r\nOK\r\n"); // the module echoes: confirmed
        get(first);
        CompletableFuture<AtResponse> csq = driver.at().send("AT+CSQ");
        assertThat(peer.nextCommand()).isEqualTo("AT+CSQ");
        // a URC with the command's own prefix and a stray OK, both written before the module saw AT+CSQ
        peer.send("\r\n+CSQ: 9,9\r\n\r\nOK\r\nAT+CSQ\r\r\n+CSQ: 31,99\r\n\r\nOK\r\n");
        assertThat(get(csq).lines()).containsExactly("+CSQ: 31,99");
        await().untilAsserted(() -> assertThat(urcs).containsExactly("+CSQ: 9,9"));
    }

    @Test
    void aUrcInTheSameReadAsTheFinalResultIsNotTheNextCommandsAnswer() throws Exception {
        connect(Duration.ofSeconds(5));
        CompletableFuture<AtResponse> stop = driver.at().send("AT+MIPCALL=0");
        CompletableFuture<AtResponse> query = driver.at().send("AT+MIPCALL?");
        assertThat(peer.nextCommand()).isEqualTo("AT+MIPCALL=0");
        peer.send("\r\nOK\r\n\r\n+MIPCALL: 0\r\n"); // echo off; the URC follows the OK at once
        get(stop);
        assertThat(peer.nextCommand()).isEqualTo("AT+MIPCALL?");
        peer.send("\r\n+MIPCALL: 1,10.0.0.7\r\n\r\nOK\r\n");
        assertThat(get(query).lines()).containsExactly("+MIPCALL: 1,10.0.0.7");
        await().untilAsserted(() -> assertThat(urcs).containsExactly("+MIPCALL: 0"));
    }

    @Test
    void anAcceptedMqttCommandWhoseOutcomeNeverComesTimesOut() throws Exception {
        connect(Duration.ofMillis(300));
        CompletableFuture<Void> sub = driver.mqtt().client(2).subscribe("t", Qos.AT_MOST_ONCE);
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTSUB=2,\"t\",0");
        peer.send("\r\nOK\r\n");
        assertThat(failure(sub)).isInstanceOf(AtTimeoutException.class).hasMessageContaining("+MQTTSUB: 2,<status> outcome");
    }

    @Test
    void explicitInformationPrefixesAndRemovedListeners() throws Exception {
        connect(Duration.ofSeconds(5));
        List<String> other = new CopyOnWriteArrayList<>();
        UrcListener removed = other::add;
        driver.at().addUrcListener(removed);
        driver.at().removeUrcListener(removed);
        CompletableFuture<AtResponse> f = driver.at().send(AtRequest.of("AT+QFOO").withInfoPrefixes("+QBAR", ""));
        assertThat(peer.nextCommand()).isEqualTo("AT+QFOO");
        peer.send("\r\n+QBAR: 1\r\nbare line\r\n+QFOO: 2\r\n\r\nOK\r\n");
        assertThat(get(f).lines()).containsExactly("+QBAR: 1", "bare line");
        assertThat(get(f).fields("+QBAR")).containsExactly("1");
        await().untilAsserted(() -> assertThat(urcs).containsExactly("+QFOO: 2"));
        assertThat(other).isEmpty();
    }

    @Test
    void badCommandTextIsRefusedAtOnce() throws Exception {
        connect(Duration.ofSeconds(5));
        assertThatThrownBy(() -> driver.at().send("CSQ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> driver.at().send("AT\rAT")).isInstanceOf(IllegalArgumentException.class);
        assertThat(peer.silentFor(50)).isTrue();
    }
}
