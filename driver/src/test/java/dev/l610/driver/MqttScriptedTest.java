package dev.l610.driver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The typed MQTT API against recorded bytes: exact command lines out, L610 answers and URCs in. */
class MqttScriptedTest {

    private ScriptedPeer peer;
    private L610Driver driver;
    private MqttClient c1;

    @BeforeEach
    void connect() throws Exception {
        peer = new ScriptedPeer();
        driver = peer.connect();
        c1 = driver.mqtt().client(1);
    }

    @AfterEach
    void close() throws Exception {
        driver.close();
        peer.close();
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("future did not fail");
    }

    @Test
    void openCompletesOnTheOutcomeUrcNotOnOk() throws Exception {
        CompletableFuture<Void> open = c1.open(MqttServer.of("broker.example", 1883));
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTOPEN=1,\"broker.example\",1883,1,60");
        peer.send("AT+MQTTOPEN=1,\"broker.example\",1883,1,60\r\r\nOK\r\n");
        assertThat(peer.silentFor(100)).isTrue();
        assertThat(open).isNotDone();
        peer.send("\r\n+MQTTOPEN: 1,1\r\n");
        get(open);
    }

    @Test
    void aRefusedConnectFailsWithTheTypedMqttError() throws Exception {
        CompletableFuture<Void> open = c1.open(MqttServer.of("b", 8883).withTls(true).withCleanSession(false).withKeepAlive(120));
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTOPEN=1,\"b\",8883,0,120,2");
        peer.send("\r\nOK\r\n\r\n+CME ERROR: 703\r\n\r\n+MQTTOPEN: 1,0\r\n");
        MqttException e = (MqttException) failure(open);
        assertThat(e.error()).contains(MqttError.BAD_USER_NAME_OR_PASSWORD);
        assertThat(e.cmeCode()).isEqualTo(703);
        assertThat(e.clientId()).isEqualTo(1);
        // a plain failure, as a real L610 reports it, carries no MQTT error
        CompletableFuture<Void> again = c1.open(MqttServer.of("b", 1883));
        assertThat(peer.nextCommand()).startsWith("AT+MQTTOPEN=1,");
        peer.send("\r\nOK\r\n\r\n+MQTTOPEN: 1,0\r\n");
        assertThat(((MqttException) failure(again)).error()).isEmpty();
    }

    @Test
    void aVerboseRefusalArrivingWhileAnotherCommandRunsIsNotItsResult() throws Exception {
        CompletableFuture<Void> open = c1.open(MqttServer.of("b", 1883));
        assertThat(peer.nextCommand()).startsWith("AT+MQTTOPEN=1,");
        peer.send("\r\nOK\r\n");
        CompletableFuture<Signal> csq = driver.modem().signal();
        assertThat(peer.nextCommand()).isEqualTo("AT+CSQ");
        peer.send("\r\n+CME ERROR: Not authorized\r\n\r\n+MQTTOPEN: 1,0\r\n\r\n+CSQ: 31,99\r\n\r\nOK\r\n");
        assertThat(get(csq).rssi()).isEqualTo(31);
        assertThat(((MqttException) failure(open)).error()).contains(MqttError.NOT_AUTHORIZED);
    }

    @Test
    void binaryPayloadGoesThroughThePromptAsRawBytes() throws Exception {
        byte[] payload = {0x00, '"', (byte) 0xFF, '\r', '\n'};
        CompletableFuture<Void> pub = c1.publish(MqttTopic.name("bin"), Qos.AT_LEAST_ONCE, true, payload);
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTPUB=1,\"bin\",1,1,5");
        peer.send("AT+MQTTPUB=1,\"bin\",1,1,5\r\r\n> "); // echo on, a real module's prompt
        assertThat(peer.readBytes(5)).containsExactly(payload);
        assertThat(peer.silentFor(100)).isTrue(); // no CR, no Ctrl-Z after the block
        peer.send("\r\nOK\r\n\r\n+MQTTPUB: 1,1\r\n");
        get(pub);
    }

    @Test
    void shortTextIsPublishedInlineAndAnEmptyPayloadAsQuotes() throws Exception {
        CompletableFuture<Void> a = c1.publish("t", Qos.AT_MOST_ONCE, false, "hello world");
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTPUB=1,\"t\",0,0,\"hello world\"");
        peer.send("\r\nOK\r\n\r\n+MQTTPUB: 1,1\r\n");
        get(a);
        CompletableFuture<Void> b = c1.publish("t", Qos.EXACTLY_ONCE, false, "");
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTPUB=1,\"t\",2,0,\"\"");
        peer.send("\r\nOK\r\n\r\n+MQTTPUB: 1,0\r\n");
        assertThat(failure(b)).isInstanceOf(MqttException.class).hasMessageContaining("+MQTTPUB failed on client 1");
        String longText = "x".repeat(MqttClient.INLINE_LIMIT + 1);
        CompletableFuture<Void> c = c1.publish("t", Qos.AT_MOST_ONCE, false, longText);
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTPUB=1,\"t\",0,0," + longText.length());
        peer.send("\r\n>\r\n");
        assertThat(new String(peer.readBytes(longText.length()), StandardCharsets.ISO_8859_1)).isEqualTo(longText);
        peer.send("\r\nOK\r\n\r\n+MQTTPUB: 1,1\r\n");
        get(c);
    }

    @Test
    void errorInsteadOfThePromptFailsThePublish() throws Exception {
        CompletableFuture<Void> pub = c1.publish(MqttTopic.name("t"), Qos.AT_MOST_ONCE, false, new byte[] {1});
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTPUB=1,\"t\",0,0,1");
        peer.send("\r\nERROR\r\n");
        assertThat(failure(pub)).isInstanceOf(AtCommandException.class);
    }

    @Test
    void userWillSubscribeUnsubscribeAndCloseLines() throws Exception {
        CompletableFuture<Void> u = c1.user("u", "p", "dev-1");
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTUSER=1,\"u\",\"p\",\"dev-1\"");
        peer.send("\r\nOK\r\n");
        get(u);
        CompletableFuture<Void> u2 = c1.user("", "", null);
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTUSER=1,\"\",\"\"");
        peer.send("\r\nOK\r\n");
        get(u2);
        CompletableFuture<Void> w = c1.will(MqttWill.of("will/t", Qos.AT_LEAST_ONCE, true, "bye"));
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTWILL=1,\"will/t\",1,1,\"bye\"");
        peer.send("\r\nOK\r\n");
        get(w);
        CompletableFuture<Void> w2 = c1.will(MqttWill.of("will/t", Qos.AT_MOST_ONCE, false, "say \"bye\""));
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTWILL=1,\"will/t\",0,0,9");
        peer.send("\r\n>\r\n");
        assertThat(new String(peer.readBytes(9), StandardCharsets.ISO_8859_1)).isEqualTo("say \"bye\"");
        peer.send("\r\nOK\r\n");
        get(w2);
        CompletableFuture<Void> s = c1.subscribe("a/#", Qos.EXACTLY_ONCE);
        CompletableFuture<Void> us = c1.unsubscribe("a/#");
        CompletableFuture<Void> cl = c1.close();
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTSUB=1,\"a/#\",2");
        peer.send("\r\nOK\r\n");
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTUNSUB=1,\"a/#\"");
        peer.send("\r\nOK\r\n");
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTCLOSE=1");
        peer.send("\r\nOK\r\n\r\n+MQTTSUB: 1,1\r\n\r\n+MQTTUNSUB: 1,1\r\n\r\n+MQTTCLOSE: 1,1\r\n");
        get(s);
        get(us);
        get(cl);
    }

    @Test
    void storeModeAnnouncementIsReadAutomaticallyAndCutByLength() throws Exception {
        List<MqttMessage> got = new CopyOnWriteArrayList<>();
        List<MqttMessageInfo> infos = new CopyOnWriteArrayList<>();
        driver.mqtt().addMessageListener(got::add);
        driver.mqtt().addMessageInfoListener(infos::add);
        CompletableFuture<Void> conf = driver.mqtt().conf(MqttConfMode.STORE);
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTCONF=1");
        peer.send("\r\nOK\r\n\r\n+MQTTMSGI: 1,1,3,6\r\n");
        get(conf);
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTREAD=1");
        peer.send("\r\n+MQTTREAD: 1,1,3,6,\"a/b\",\"x\r\nOK\r\"\r\n\r\nOK\r\n");
        await().untilAsserted(() -> assertThat(got).hasSize(1));
        assertThat(new String(got.get(0).payload(), StandardCharsets.ISO_8859_1)).isEqualTo("x\r\nOK\r");
        assertThat(infos).containsExactly(new MqttMessageInfo(1, Qos.AT_LEAST_ONCE, 3, 6));
    }

    @Test
    void readWithoutAutoReadAndAnEmptyStore() throws Exception {
        driver.mqtt().autoRead(false);
        peer.send("\r\n+MQTTMSGI: 2,0,1,2\r\n");
        assertThat(peer.silentFor(150)).isTrue();
        CompletableFuture<Optional<MqttMessage>> r = driver.mqtt().client(2).read();
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTREAD=2");
        peer.send("\r\n+MQTTREAD: 2,0,1,2,\"t\",\"hi\"\r\n\r\nOK\r\n");
        assertThat(get(r)).contains(new MqttMessage(2, Qos.AT_MOST_ONCE, MqttTopic.name("t"), "hi".getBytes(StandardCharsets.US_ASCII)));
        CompletableFuture<Optional<MqttMessage>> empty = driver.mqtt().client(2).read();
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTREAD=2");
        peer.send("\r\n+MQTTREAD: 2,0,0,0\r\n\r\nOK\r\n");
        assertThat(get(empty)).isEmpty();
    }

    @Test
    void breakIsTypedAndFailsWhatTheClientHadInFlight() throws Exception {
        List<MqttBreak> breaks = new CopyOnWriteArrayList<>();
        driver.mqtt().addBreakListener(breaks::add);
        CompletableFuture<Void> sub = c1.subscribe("t", Qos.AT_LEAST_ONCE);
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTSUB=1,\"t\",1");
        peer.send("\r\nOK\r\n\r\n+MQTTBREAK: 1,2\r\n");
        assertThat(failure(sub)).isInstanceOf(MqttException.class).hasMessageContaining("+MQTTBREAK cause 2");
        await().untilAsserted(() -> assertThat(breaks).hasSize(1));
        assertThat(breaks.get(0).cause()).isEqualTo(BreakCause.DATA_LINK_LOST);
        peer.send("\r\n+MQTTBREAK: 2,9\r\n");
        await().untilAsserted(() -> assertThat(breaks).hasSize(2));
        assertThat(breaks.get(1).cause()).isNull();
        assertThat(breaks.get(1).causeCode()).isEqualTo(9);
    }

    @Test
    void mqttSnTopicIdsAndShortTopics() throws Exception {
        MqttClient sn = driver.mqtt().client(101);
        assertThat(sn.isMqttSn()).isTrue();
        List<MqttMessage> got = new CopyOnWriteArrayList<>();
        driver.mqtt().addMessageListener(got::add);
        CompletableFuture<Void> s = sn.subscribe(MqttTopic.id(42), Qos.AT_LEAST_ONCE);
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTSUB=101,42,1");
        peer.send("\r\nOK\r\n\r\n+MQTTSUB: 101,1\r\n\r\n+MQTTMSG: 101,1,42,\"p\"\r\n");
        get(s);
        CompletableFuture<Void> p = sn.publish(MqttTopic.name("ab"), Qos.AT_MOST_ONCE, false, "x".getBytes(StandardCharsets.US_ASCII));
        assertThat(peer.nextCommand()).isEqualTo("AT+MQTTPUB=101,\"ab\",0,0,\"x\"");
        peer.send("\r\nOK\r\n\r\n+MQTTPUB: 101,1\r\n");
        get(p);
        await().untilAsserted(() -> assertThat(got).hasSize(1));
        assertThat(got.get(0).topic()).isEqualTo(MqttTopic.id(42));
    }

    @Test
    void invalidArgumentsAreRefusedBeforeAnythingIsSent() throws Exception {
        assertThatThrownBy(() -> driver.mqtt().client(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c1.subscribe(MqttTopic.id(42), Qos.AT_MOST_ONCE)).hasMessageContaining("MQTT-SN");
        assertThatThrownBy(() -> driver.mqtt().client(101).user("u", "p", null)).hasMessageContaining("clients 1 and 2");
        assertThatThrownBy(() -> c1.subscribe("a\"b", Qos.AT_MOST_ONCE)).hasMessageContaining("printable");
        assertThatThrownBy(() -> c1.publish(MqttTopic.name("t"), Qos.AT_MOST_ONCE, false, new byte[1025])).hasMessageContaining("1024");
        assertThatThrownBy(() -> c1.user("u", "p", "x".repeat(24))).hasMessageContaining("client identifier");
        assertThatThrownBy(() -> MqttServer.of("h", 1883).withKeepAlive(301)).isInstanceOf(IllegalArgumentException.class);
        assertThat(peer.silentFor(50)).isTrue();
    }
}
