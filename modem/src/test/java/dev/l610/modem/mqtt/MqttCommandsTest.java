package dev.l610.modem.mqtt;

import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import dev.l610.broker.EmbeddedBroker;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemHarness;
import dev.l610.modem.NetworkState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The MQTT command set through the real AT byte stream, against a real (embedded) broker. */
class MqttCommandsTest {

    /** One broker for the class: Moquette takes seconds to stop. Tests that kill a broker start their own. */
    private static EmbeddedBroker shared;
    private EmbeddedBroker broker;
    private ModemHarness h;
    private MqttPeer peer;

    @org.junit.jupiter.api.BeforeAll
    static void startBroker() {
        shared = EmbeddedBroker.startEphemeral();
    }

    @org.junit.jupiter.api.AfterAll
    static void stopBroker() {
        shared.close();
    }

    @BeforeEach
    void start() {
        broker = shared;
        // the data timeout leaves a busy machine time to send a data block after the prompt
        h = new ModemHarness(ModemConfig.builder().dataTimeout(Duration.ofSeconds(3))
                .outcomeTimeout(Duration.ofSeconds(5)).storeMessages(3).build());
        h.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
        peer = new MqttPeer(broker.host(), broker.port(), "peer");
    }

    @AfterEach
    void stop() {
        peer.close();
        h.close();
        if (broker != shared) {
            broker.close();
        }
    }

    private void is(String cmd, String answer) {
        h.send(cmd + "\r").expect(answer);
    }

    private void open(int id, int clean) {
        is("AT+MQTTOPEN=" + id + ",\"127.0.0.1\"," + broker.port() + "," + clean + ",60", "\r\nOK\r\n");
        h.expect("\r\n+MQTTOPEN: " + id + ",1\r\n");
    }

    private void sub(int id, String topic, int qos) {
        is("AT+MQTTSUB=" + id + ",\"" + topic + "\"," + qos, "\r\nOK\r\n");
        h.expect("\r\n+MQTTSUB: " + id + ",1\r\n");
    }

    @Test
    void testFormsAreExact() {
        is("AT+MQTTUSER=?", "\r\n+MQTTUSER: (1,2),128,128,23\r\n\r\nOK\r\n");
        is("AT+MQTTOPEN=?", "\r\n+MQTTOPEN: (1,2,101,102),255,(1-65535),(0,1),(1-300)\r\n\r\nOK\r\n");
        is("AT+MQTTCLOSE=?", "\r\n+MQTTCLOSE: (1,2,101,102)\r\n\r\nOK\r\n");
        is("AT+MQTTSUB=?", "\r\n+MQTTSUB: (1,2,101,102),255,(0-2)\r\n\r\nOK\r\n");
        is("AT+MQTTUNSUB=?", "\r\n+MQTTUNSUB: (1,2,101,102),255\r\n\r\nOK\r\n");
        is("AT+MQTTPUB=?", "\r\n+MQTTPUB: (1,2,101,102),255,(0-2),(0,1),1024\r\n\r\nOK\r\n");
        is("AT+MQTTCONF=?", "\r\n+MQTTCONF: (0,1)\r\n\r\nOK\r\n");
        is("AT+MQTTREAD=?", "\r\n+MQTTREAD: (1,2,101,102)\r\n\r\nOK\r\n");
        is("AT+MQTTWILL=?", "\r\n+MQTTWILL: (1,2,101,102),255,(0-2),(0,1),1024\r\n\r\nOK\r\n");
    }

    @Test
    void readForms() {
        is("AT+MQTTUSER?", "\r\nOK\r\n");
        is("AT+MQTTUSER=1,\"u\",\"p\",\"dev-1\"", "\r\nOK\r\n");
        is("AT+MQTTUSER=2,\"\",\"\"", "\r\nOK\r\n");
        is("AT+MQTTUSER?", "\r\n+MQTTUSER: 1,\"u\",\"p\",\"dev-1\"\r\n+MQTTUSER: 2,\"\",\"\",\"869548040012344\"\r\n\r\nOK\r\n");
        is("AT+MQTTWILL=1,\"dev/status\",1,1,\"offline\"", "\r\nOK\r\n");
        is("AT+MQTTWILL?", "\r\n+MQTTWILL: 1,\"dev/status\",1,1,\"offline\"\r\n\r\nOK\r\n");
        is("AT+MQTTWILL=1", "\r\nOK\r\n");
        is("AT+MQTTWILL?", "\r\nOK\r\n");
        is("AT+MQTTCONF?", "\r\n+MQTTCONF: 0\r\n\r\nOK\r\n");
        is("AT+MQTTOPEN?", "\r\n+MQTTOPEN: 1\r\n+MQTTOPEN: 2\r\n+MQTTOPEN: 101\r\n+MQTTOPEN: 102\r\n\r\nOK\r\n");
        is("AT+MQTTCLOSE?", "\r\n+MQTTCLOSE: 0\r\n\r\nOK\r\n");
        open(1, 1);
        is("AT+MQTTOPEN?", "\r\n+MQTTOPEN: 2\r\n+MQTTOPEN: 101\r\n+MQTTOPEN: 102\r\n\r\nOK\r\n");
        is("AT+MQTTCLOSE?", "\r\n+MQTTCLOSE: 1\r\n\r\nOK\r\n");
    }

    @Test
    void openSubscribePublishReceiveClose() {
        peer.subscribe("dev/#", 1);
        open(1, 1);
        sub(1, "cmd/+", 1);
        is("AT+MQTTPUB=1,\"dev/temp\",1,0,\"21.5\"", "\r\nOK\r\n");
        h.expect("\r\n+MQTTPUB: 1,1\r\n");
        Mqtt3Publish got = peer.receive();
        assertThat(got.getTopic().toString()).isEqualTo("dev/temp");
        assertThat(new String(got.getPayloadAsBytes(), StandardCharsets.US_ASCII)).isEqualTo("21.5");
        assertThat(got.getQos().getCode()).isEqualTo(1);

        peer.publish("cmd/led", 1, "on,\"now\"");
        h.expect("\r\n+MQTTMSG: 1,1,\"cmd/led\",\"on,\"now\"\"\r\n");

        is("AT+MQTTUNSUB=1,\"cmd/+\"", "\r\nOK\r\n");
        h.expect("\r\n+MQTTUNSUB: 1,1\r\n");
        is("AT+MQTTCLOSE=1", "\r\nOK\r\n");
        h.expect("\r\n+MQTTCLOSE: 1,1\r\n");
        is("AT+MQTTPUB=1,\"dev/temp\",0,0,\"x\"", "\r\nERROR\r\n");
    }

    @Test
    void qosLevelsBothWays() {
        peer.subscribe("up/#", 2);
        open(1, 1);
        sub(1, "down/#", 2);
        for (int q = 0; q <= 2; q++) {
            is("AT+MQTTPUB=1,\"up/" + q + "\"," + q + ",0,\"m" + q + "\"", "\r\nOK\r\n");
            h.expect("\r\n+MQTTPUB: 1,1\r\n");
            Mqtt3Publish got = peer.receive();
            assertThat(got.getTopic().toString()).isEqualTo("up/" + q);
            assertThat(got.getQos().getCode()).isEqualTo(q);
            peer.publish("down/" + q, q, "d" + q);
            h.expect("\r\n+MQTTMSG: 1," + q + ",\"down/" + q + "\",\"d" + q + "\"\r\n");
        }
    }

    @Test
    void retainedMessageReachesALaterSubscriber() {
        open(1, 1);
        is("AT+MQTTPUB=1,\"keep/me\",1,1,\"kept\"", "\r\nOK\r\n");
        h.expect("\r\n+MQTTPUB: 1,1\r\n");
        try (MqttPeer late = new MqttPeer(broker.host(), broker.port(), "late")) {
            late.subscribe("keep/me", 1);
            Mqtt3Publish got = late.receive();
            // Moquette 0.17 does not set the retain flag on delivery; the mosquitto interop test checks it
            assertThat(new String(got.getPayloadAsBytes(), StandardCharsets.US_ASCII)).isEqualTo("kept");
        }
    }

    @Test
    void binaryPayloadOfAll256ByteValuesThroughTheDataPrompt() {
        peer.subscribe("bin", 1);
        open(1, 1);
        byte[] data = new byte[1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        is("AT+MQTTPUB=1,\"bin\",1,0,1024", "\r\n>\r\n");
        h.send(data);
        h.expect("\r\nOK\r\n\r\n+MQTTPUB: 1,1\r\n");
        assertThat(peer.receive().getPayloadAsBytes()).isEqualTo(data);
    }

    /**
     * Hosts that end lines with CR LF: the LF after the CR of a '>' command is the line ending, not data —
     * whether the data follows in the same write or after the prompt; an LF after the prompt is data.
     */
    @Test
    void crLfHostsGetTheirPayloadsIntact() {
        peer.subscribe("crlf", 1);
        open(1, 1);
        h.send("AT+MQTTPUB=1,\"crlf\",1,0,3\r\n").expect("\r\n>\r\n");
        h.send("abc").expect("\r\nOK\r\n\r\n+MQTTPUB: 1,1\r\n");
        assertThat(peer.receive().getPayloadAsBytes()).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
        h.send("AT+MQTTPUB=1,\"crlf\",1,0,3\r\n\nxy").expect("\r\n>\r\n\r\nOK\r\n\r\n+MQTTPUB: 1,1\r\n");
        assertThat(peer.receive().getPayloadAsBytes()).isEqualTo("\nxy".getBytes(StandardCharsets.US_ASCII));
        // a CR-only host whose payload starts with 0x0A, after the prompt
        h.send("AT+MQTTPUB=1,\"crlf\",1,0,2\r").expect("\r\n>\r\n");
        h.send("\nz").expect("\r\nOK\r\n\r\n+MQTTPUB: 1,1\r\n");
        assertThat(peer.receive().getPayloadAsBytes()).isEqualTo("\nz".getBytes(StandardCharsets.US_ASCII));
        // echo on: the command is echoed, its LF and the data are not
        h.send("ATE1\r").expect("\r\nOK\r\n");
        h.send("AT+MQTTPUB=1,\"crlf\",1,0,2\r\n").expect("AT+MQTTPUB=1,\"crlf\",1,0,2\r\r\n>\r\n");
        h.send("\n\n").expect("\r\nOK\r\n\r\n+MQTTPUB: 1,1\r\n");
        assertThat(peer.receive().getPayloadAsBytes()).isEqualTo("\n\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void dataPromptTimeouts() {
        peer.subscribe("part", 0);
        open(1, 1);
        is("AT+MQTTPUB=1,\"part\",0,0,10", "\r\n>\r\n");
        h.expect("\r\nERROR\r\n"); // nothing within the data timeout
        is("AT+MQTTPUB=1,\"part\",0,0,10", "\r\n>\r\n");
        h.send("abc");
        h.expect("\r\nOK\r\n\r\n+MQTTPUB: 1,1\r\n"); // some bytes, then silence: publish what came
        assertThat(new String(peer.receive().getPayloadAsBytes(), StandardCharsets.US_ASCII)).isEqualTo("abc");
    }

    @Test
    void urcsWaitWhileADataBlockIsRead() {
        open(1, 1);
        sub(1, "in", 0);
        is("AT+MQTTPUB=1,\"out\",0,0,4", "\r\n>\r\n");
        peer.publish("in", 0, "held");
        h.send("AT\r"); // data bytes, not a command, and not echoed
        h.expect("\r\nOK\r\n");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> h.available().length() >= 46);
        assertThat(h.available()).isIn("\r\n+MQTTMSG: 1,0,\"in\",\"held\"\r\n\r\n+MQTTPUB: 1,1\r\n",
                "\r\n+MQTTPUB: 1,1\r\n\r\n+MQTTMSG: 1,0,\"in\",\"held\"\r\n");
    }

    @Test
    void storeModeAnnouncesAndReads() {
        is("AT+MQTTCONF=1", "\r\nOK\r\n");
        open(1, 1);
        sub(1, "s/#", 1);
        is("AT+MQTTREAD=1", "\r\n+MQTTREAD: 1,0,0,0\r\n\r\nOK\r\n");
        peer.publish("s/a", 1, "hello");
        h.expect("\r\n+MQTTMSGI: 1,1,3,5\r\n");
        is("AT+MQTTREAD=1", "\r\n+MQTTREAD: 1,1,3,5,\"s/a\",\"hello\"\r\n\r\nOK\r\n");
        is("AT+MQTTREAD=1", "\r\n+MQTTREAD: 1,0,0,0\r\n\r\nOK\r\n");
        is("AT+MQTTREAD=3", "\r\n+CME ERROR: 50\r\n");
    }

    /** The manual allows printable ASCII in strings: a control character is refused with the command's error, not removed. */
    @Test
    void controlCharactersInStringsAreRefused() {
        open(1, 1);
        is("AT+MQTTPUB=1,\"a\u007fb\",0,0,\"x\"", "\r\nERROR\r\n");
        is("AT+MQTTPUB=1,\"ab\",0,0,\"x\u0001\"", "\r\nERROR\r\n");
        is("AT+MQTTUSER=1,\"u\u0002\",\"\",\"\"", "\r\n+CME ERROR: 50\r\n");
        is("AT+MQTTOPEN?", "\r\n+MQTTOPEN: 2\r\n+MQTTOPEN: 101\r\n+MQTTOPEN: 102\r\n\r\nOK\r\n");
    }

    /** Manual §1.3: closing a client frees its buffer; a message read after a close and re-open is not an old one. */
    @Test
    void closeFreesTheStore() {
        is("AT+MQTTCONF=1", "\r\nOK\r\n");
        open(1, 1);
        sub(1, "c/#", 1);
        peer.publish("c/a", 1, "old");
        h.expect("\r\n+MQTTMSGI: 1,1,3,3\r\n");
        is("AT+MQTTCLOSE=1", "\r\nOK\r\n");
        h.expect("\r\n+MQTTCLOSE: 1,1\r\n");
        is("AT+MQTTREAD=1", "\r\n+MQTTREAD: 1,0,0,0\r\n\r\nOK\r\n");
        assertThat(h.modem.mqtt().status().join().get(0).stored()).isZero();
    }

    @Test
    void fullStoreLosesNoQos1Message() {
        is("AT+MQTTCONF=1", "\r\nOK\r\n");
        open(1, 1);
        sub(1, "f", 1);
        for (int i = 0; i < 5; i++) {
            peer.publish("f", 1, "m" + i);
        }
        // the store holds 3: three are announced, two wait unacknowledged at the broker
        h.expect("\r\n+MQTTMSGI: 1,1,1,2\r\n\r\n+MQTTMSGI: 1,1,1,2\r\n\r\n+MQTTMSGI: 1,1,1,2\r\n");
        StringBuilder payloads = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            h.send("AT+MQTTREAD=1\r");
            h.sync();
            String answer = h.available();
            int at = answer.indexOf("\"f\",\"");
            payloads.append(answer, at + 5, at + 7).append(' ');
            h.expect(answer);
        }
        assertThat(payloads.toString().trim()).isEqualTo("m0 m1 m2 m3 m4");
    }

    @Test
    void fullStoreDropsAndCountsQos0() {
        is("AT+MQTTCONF=1", "\r\nOK\r\n");
        open(1, 1);
        sub(1, "z", 0);
        for (int i = 0; i < 5; i++) {
            peer.publish("z", 0, "m" + i);
        }
        h.expect("\r\n+MQTTMSGI: 1,0,1,2\r\n\r\n+MQTTMSGI: 1,0,1,2\r\n\r\n+MQTTMSGI: 1,0,1,2\r\n");
        org.awaitility.Awaitility.await().until(() -> h.modem.mqtt().status().join().get(0).qos0Dropped() == 2);
        ClientStatus st = h.modem.mqtt().status().join().get(0);
        assertThat(st.stored()).isEqualTo(3);
        assertThat(st.messagesIn()).isEqualTo(5);
        is("AT+MQTTREAD=1", "\r\n+MQTTREAD: 1,0,1,2,\"z\",\"m0\"\r\n\r\nOK\r\n");
    }

    @Test
    void sessionResumesWithCleanSessionZero() {
        is("AT+MQTTUSER=1,\"\",\"\",\"resume-1\"", "\r\nOK\r\n");
        open(1, 0);
        sub(1, "q/1", 1);
        is("AT+MQTTCLOSE=1", "\r\nOK\r\n");
        h.expect("\r\n+MQTTCLOSE: 1,1\r\n");
        peer.publish("q/1", 1, "while away");
        open(1, 0);
        h.expect("\r\n+MQTTMSG: 1,1,\"q/1\",\"while away\"\r\n");
    }

    @Test
    void twoClientsAtOnceOnDifferentBrokers() {
        try (EmbeddedBroker second = EmbeddedBroker.startEphemeral();
             MqttPeer peer2 = new MqttPeer(second.host(), second.port(), "peer2")) {
            is("AT+MQTTUSER=2,\"\",\"\",\"second\"", "\r\nOK\r\n");
            open(1, 1);
            is("AT+MQTTOPEN=2,\"localhost\"," + second.port() + ",1,30", "\r\nOK\r\n");
            h.expect("\r\n+MQTTOPEN: 2,1\r\n");
            peer2.subscribe("two", 0);
            is("AT+MQTTPUB=2,\"two\",0,0,\"via 2\"", "\r\nOK\r\n");
            h.expect("\r\n+MQTTPUB: 2,1\r\n");
            assertThat(new String(peer2.receive().getPayloadAsBytes(), StandardCharsets.US_ASCII)).isEqualTo("via 2");
        }
    }

    @Test
    void stateErrors() {
        is("AT+MQTTSUB=1,\"t\",0", "\r\nERROR\r\n");
        is("AT+MQTTUNSUB=1,\"t\"", "\r\nERROR\r\n");
        is("AT+MQTTCLOSE=1", "\r\nERROR\r\n");
        open(1, 1);
        is("AT+MQTTOPEN=1,\"127.0.0.1\"," + broker.port() + ",1,60", "\r\n+CME ERROR: 3\r\n");
    }

    @Test
    void openFailsWhenNothingListens() {
        int dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            dead = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        is("AT+MQTTOPEN=1,\"127.0.0.1\"," + dead + ",1,60", "\r\nOK\r\n");
        h.expect("\r\n+MQTTOPEN: 1,0\r\n");
        is("AT+MQTTPUB=1,\"t\",0,0,\"x\"", "\r\nERROR\r\n");
        is("AT+MQTTOPEN?", "\r\n+MQTTOPEN: 1\r\n+MQTTOPEN: 2\r\n+MQTTOPEN: 101\r\n+MQTTOPEN: 102\r\n\r\nOK\r\n");
    }

    @Test
    void outOfRangeParameters() {
        String cme = "\r\n+CME ERROR: 50\r\n";
        String err = "\r\nERROR\r\n";
        is("AT+MQTTUSER=3,\"u\",\"p\"", cme);
        is("AT+MQTTUSER=101,\"u\",\"p\"", cme);
        is("AT+MQTTUSER=1,\"" + "u".repeat(129) + "\",\"p\"", cme);
        is("AT+MQTTUSER=1,\"u\",\"" + "p".repeat(129) + "\"", cme);
        is("AT+MQTTUSER=1,\"u\",\"p\",\"" + "c".repeat(24) + "\"", cme);
        is("AT+MQTTUSER=1,u,\"p\"", cme);
        is("AT+MQTTUSER=1", cme);
        String host = "\"127.0.0.1\"";
        is("AT+MQTTOPEN=3," + host + ",1883,1,60", cme);
        is("AT+MQTTOPEN=1," + host + ",0,1,60", cme);
        is("AT+MQTTOPEN=1," + host + ",65536,1,60", cme);
        is("AT+MQTTOPEN=1," + host + ",1883,2,60", cme);
        is("AT+MQTTOPEN=1," + host + ",1883,1,0", cme);
        is("AT+MQTTOPEN=1," + host + ",1883,1,301", cme);
        is("AT+MQTTOPEN=1," + host + ",1883,1,60,3", cme);
        is("AT+MQTTOPEN=1,\"" + "h".repeat(256) + "\",1883,1,60", cme);
        is("AT+MQTTOPEN=1,\"\",1883,1,60", cme);
        is("AT+MQTTOPEN=1," + host + ",1883,1", cme);
        is("AT+MQTTCLOSE=0", err);
        is("AT+MQTTCLOSE=1,1", err);
        is("AT+MQTTSUB=1,\"t\",3", err);
        is("AT+MQTTSUB=1,\"\",0", err);
        is("AT+MQTTSUB=1,\"" + "t".repeat(256) + "\",0", err);
        is("AT+MQTTSUB=1,5,0", err);
        is("AT+MQTTUNSUB=5,\"t\"", err);
        is("AT+MQTTPUB=1,\"t\",3,0,\"x\"", err);
        is("AT+MQTTPUB=1,\"t\",0,2,\"x\"", err);
        is("AT+MQTTPUB=1,\"t\",0,0,0", err);
        is("AT+MQTTPUB=1,\"t\",0,0,1025", err);
        is("AT+MQTTPUB=1,\"t/#\",0,0,\"x\"", err);
        is("AT+MQTTPUB=1,\"t\",0,0,\"" + "x".repeat(1025) + "\"", err);
        is("AT+MQTTPUB=1,\"t\",0,0,abc", err);
        is("AT+MQTTWILL=1,\"t\",3,0,\"x\"", err);
        is("AT+MQTTWILL=1,\"\",0,0,\"x\"", err);
        is("AT+MQTTWILL=1,\"t\",0,0,0", err);
        is("AT+MQTTCONF=2", cme);
        is("AT+MQTTCONF=", cme);
        is("AT+MQTTREAD=0", cme);
        open(1, 1);
        is("AT+MQTTSUB=1,\"a/#/b\",0", err); // a malformed filter is refused before OK
    }

    @Test
    void willDeliveredWhenTheConnectionDies() {
        peer.subscribe("dev/status", 1);
        is("AT+MQTTWILL=1,\"dev/status\",1,0,7", "\r\n>\r\n");
        h.send("offline");
        h.expect("\r\nOK\r\n");
        open(1, 1);
        h.modem.mqtt().execute(s -> s.breakConnection(1));
        h.expect("\r\n+MQTTBREAK: 1,1\r\n");
        Mqtt3Publish will = peer.receive();
        assertThat(will.getTopic().toString()).isEqualTo("dev/status");
        assertThat(new String(will.getPayloadAsBytes(), StandardCharsets.US_ASCII)).isEqualTo("offline");
    }

    @Test
    void noWillOnAGracefulClose() throws InterruptedException {
        peer.subscribe("dev/status", 1);
        is("AT+MQTTWILL=1,\"dev/status\",1,0,\"offline\"", "\r\nOK\r\n");
        open(1, 1);
        is("AT+MQTTCLOSE=1", "\r\nOK\r\n");
        h.expect("\r\n+MQTTCLOSE: 1,1\r\n");
        assertThat(peer.receiveNow(500)).isEmpty();
    }

    @Test
    void radioOffBreaksWithCause3AndOpenIsRefused() {
        open(1, 1);
        is("AT+CFUN=0", "\r\nOK\r\n\r\n+MQTTBREAK: 1,3\r\n\r\n+MIPCALL: 0\r\n");
        is("AT+MQTTOPEN=1,\"127.0.0.1\"," + broker.port() + ",1,60", "\r\n+CME ERROR: 30\r\n");
        is("AT+CFUN=1", "\r\nOK\r\n\r\n+MIPCALL: 10.99.46.109\r\n");
        open(1, 1);
    }

    @Test
    void deregistrationFaultBreaksWithCause3() {
        is("AT+MQTTUSER=2,\"\",\"\",\"other-id\"", "\r\nOK\r\n"); // same id twice: the broker drops the first
        open(1, 1);
        open(2, 1);
        h.modem.network(NetworkState::deregister).join();
        h.expect("\r\n+MQTTBREAK: 1,3\r\n\r\n+MQTTBREAK: 2,3\r\n\r\n+MIPCALL: 0\r\n");
    }

    @Test
    void dataContextLossBreaksWithCause2() {
        open(1, 1);
        is("AT+MIPCALL=0", "\r\nOK\r\n\r\n+MIPCALL: 0\r\n\r\n+MQTTBREAK: 1,2\r\n");
        is("AT+MQTTOPEN=1,\"127.0.0.1\"," + broker.port() + ",1,60", "\r\n+CME ERROR: 3\r\n");
        is("AT+MIPCALL=1", "\r\nOK\r\n\r\n+MIPCALL: 10.99.46.109\r\n");
        open(1, 1);
        h.modem.network(NetworkState::dropContext).join();
        h.expect("\r\n+MIPCALL: 0\r\n\r\n+MQTTBREAK: 1,2\r\n");
    }

    @Test
    void brokerGoneBreaksWithCause1() {
        broker = EmbeddedBroker.startEphemeral();
        open(1, 1);
        broker.close();
        h.expect("\r\n+MQTTBREAK: 1,1\r\n");
        is("AT+MQTTOPEN?", "\r\n+MQTTOPEN: 1\r\n+MQTTOPEN: 2\r\n+MQTTOPEN: 101\r\n+MQTTOPEN: 102\r\n\r\nOK\r\n");
    }

    @Test
    void brokerDisconnectingTheClientBreaksWithCause1() {
        is("AT+MQTTUSER=1,\"\",\"\",\"kicked\"", "\r\nOK\r\n");
        open(1, 1);
        assertThat(broker.disconnectClient("kicked")).isTrue();
        h.expect("\r\n+MQTTBREAK: 1,1\r\n");
    }

    /**
     * Outcomes belong to their connection: when it ends, a pending +MQTTPUB is answered at once. The
     * outcome timeout here is far beyond the harness's wait, so only an answer at the break passes.
     */
    @Test
    void aBreakAnswersPendingOutcomesAtOnce() {
        try (ModemHarness m = new ModemHarness(ModemConfig.builder().outcomeTimeout(Duration.ofMinutes(10)).build())) {
            m.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
            m.send("AT+MQTTOPEN=1,\"127.0.0.1\"," + broker.port() + ",1,60\r").expect("\r\nOK\r\n\r\n+MQTTOPEN: 1,1\r\n");
            m.modem.faults().blackhole(true).join(); // the PUBACK never comes
            m.send("AT+MQTTPUB=1,\"pending\",1,0,\"x\"\r").expect("\r\nOK\r\n");
            m.sync();
            assertThat(m.available()).isEmpty();
            m.modem.faults().killBrokerConnection(1).join();
            m.expect("\r\n+MQTTBREAK: 1,1\r\n\r\n+MQTTPUB: 1,0\r\n");
        }
    }

    @Test
    void silentPathIsFoundByKeepalive() {
        is("AT+MQTTOPEN=1,\"127.0.0.1\"," + broker.port() + ",1,2", "\r\nOK\r\n");
        h.expect("\r\n+MQTTOPEN: 1,1\r\n");
        h.modem.faults().blackhole(true).join();
        h.expect("\r\n+MQTTBREAK: 1,1\r\n");
    }

    @Test
    void badPasswordIsCme703() {
        broker = EmbeddedBroker.start("127.0.0.1", 0, "alice", "s3cret");
        is("AT+MQTTUSER=1,\"alice\",\"wrong\"", "\r\nOK\r\n");
        is("AT+MQTTOPEN=1,\"127.0.0.1\"," + broker.port() + ",1,60", "\r\nOK\r\n");
        h.expect("\r\n+CME ERROR: 703\r\n\r\n+MQTTOPEN: 1,0\r\n");
        is("AT+CMEE=0;+MQTTOPEN=1,\"127.0.0.1\"," + broker.port() + ",1,60", "\r\nOK\r\n");
        h.expect("\r\nERROR\r\n\r\n+MQTTOPEN: 1,0\r\n");
        is("AT+CMEE=1;+MQTTUSER=1,\"alice\",\"s3cret\"", "\r\nOK\r\n");
        open(1, 1);
    }

    /** As MosquittoInteropTest's retain step, against the embedded broker (issue 16: Moquette 0.17 dropped the flag). */
    @Test
    void aRetainedPublishReachesALateSubscriberWithTheRetainFlag() {
        broker = EmbeddedBroker.startEphemeral(); // its own: the retained message stays with the broker
        open(1, 1);
        is("AT+MQTTPUB=1,\"kept/retain-flag\",1,1,\"r\"", "\r\nOK\r\n");
        h.expect("\r\n+MQTTPUB: 1,1\r\n");
        try (MqttPeer late = new MqttPeer(broker.host(), broker.port(), "late")) {
            late.subscribe("kept/retain-flag", 1);
            com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish got = late.receive();
            assertThat(new String(got.getPayloadAsBytes(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("r");
            assertThat(got.isRetain()).isTrue();
        }
    }

    @Test
    void defaultClientIdIsTheImei() {
        open(1, 1);
        assertThat(broker.disconnectClient("869548040012344")).isTrue();
        h.expect("\r\n+MQTTBREAK: 1,1\r\n");
    }
}
