package dev.l610.mqttsn.gateway;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.mqttsn.codec.MqttSnCodec;
import dev.l610.mqttsn.codec.Publish;
import dev.l610.mqttsn.codec.RegAck;
import dev.l610.mqttsn.codec.Register;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.testutil.Hex;
import dev.l610.mqttsn.testutil.MqttPeer;
import dev.l610.mqttsn.testutil.RawUdp;
import dev.l610.mqttsn.testutil.Vectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway driven by hand-built frames from the vector file, sent from a raw DatagramSocket as a
 * foreign MQTT-SN client would: no part of our client is involved.
 */
class GatewayRawFramesTest {

    private static EmbeddedBroker broker;
    private static MqttSnGateway gateway;
    private RawUdp raw;
    private MqttPeer peer;

    @BeforeAll
    static void startGateway() {
        broker = EmbeddedBroker.startEphemeral();
        gateway = MqttSnGateway.builder()
                .broker(broker.host(), broker.port())
                .predefinedTopics(PredefinedTopics.of(Map.of(1, "sensors/pre", 2, "cmd/pre")))
                .retry(Duration.ofMillis(300), 3)
                .build().start();
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
        broker.close();
    }

    @BeforeEach
    void open() {
        raw = new RawUdp(gateway.localAddress());
        peer = new MqttPeer(broker.host(), broker.port());
    }

    @AfterEach
    void close() {
        raw.close();
        peer.close();
    }

    private static byte[] v(String description) {
        return Vectors.named(description).frame();
    }

    @Test
    void connect_register_publish_qos1_reaches_a_plain_mqtt_subscriber() throws Exception {
        peer.subscribe("sensors/temp", 1);

        raw.send(v("CONNECT clean,dur=60,id=L610-0001"));
        assertThat(raw.receiveHex()).isEqualTo("030500"); // CONNACK accepted

        raw.send(v("REGISTER id=0 msgid=1 sensors/temp"));
        RegAck regAck = (RegAck) MqttSnCodec.decode(raw.receive());
        assertThat(regAck.msgId()).isEqualTo(1);
        assertThat(regAck.returnCode()).isEqualTo(ReturnCode.ACCEPTED);
        assertThat(regAck.topicId()).isPositive();

        // the vector publishes to topic id 5; put the id the gateway assigned in its place (octets 3..4)
        byte[] publish = v("PUBLISH qos1 normal id=5 msgid=2");
        publish[3] = (byte) (regAck.topicId() >> 8);
        publish[4] = (byte) regAck.topicId();
        raw.send(publish);
        assertThat(raw.receiveHex()).isEqualTo(String.format("070d%04x000200", regAck.topicId())); // PUBACK accepted

        MqttPeer.Received r = peer.next(5000);
        assertThat(r.topic()).isEqualTo("sensors/temp");
        assertThat(r.payload()).isEqualTo("21.5");
        assertThat(r.qos()).isEqualTo(1);

        raw.send(v("PINGREQ (no clientid)"));
        assertThat(raw.receiveHex()).isEqualTo("0217");
        raw.send(v("DISCONNECT"));
        assertThat(raw.receiveHex()).isEqualTo("0218");
        await().until(() -> gateway.sessionCount() == 0);
    }

    @Test
    void publish_to_an_unregistered_topic_id_is_answered_invalid_topic_id() {
        raw.send(v("CONNECT clean,dur=60,id=L610-0001"));
        assertThat(raw.receiveHex()).isEqualTo("030500");
        raw.send(v("PUBLISH qos1 normal id=5 msgid=2")); // nothing registered in this session
        assertThat(raw.receive()).isEqualTo(v("PUBACK topicid=5 msgid=2 rc=2(invalid id)"));
        raw.send(v("DISCONNECT"));
        assertThat(raw.receiveHex()).isEqualTo("0218");
    }

    @Test
    void will_exchange_then_silence_publishes_the_will() {
        peer.subscribe("dev/status", 1);
        // the vector's Duration (60 s) cut to 1 s (octets 4..5), so the gateway gives up after 1.5 s
        byte[] connect = v("CONNECT will,!clean,dur=60");
        connect[4] = 0;
        connect[5] = 1;
        raw.send(connect);
        assertThat(raw.receive()).isEqualTo(v("WILLTOPICREQ"));
        raw.send(v("WILLTOPIC qos1 retain t=dev/status"));
        assertThat(raw.receive()).isEqualTo(v("WILLMSGREQ"));
        raw.send(v("WILLMSG offline"));
        assertThat(raw.receive()).isEqualTo(v("CONNACK accepted"));

        // silence: after 1.5 s the gateway drops the broker connection without DISCONNECT
        MqttPeer.Received will = peer.next(10_000);
        assertThat(will.topic()).isEqualTo("dev/status");
        assertThat(will.payload()).isEqualTo("offline");
        assertThat(raw.receive()).isEqualTo(v("DISCONNECT")); // and tells the client
        assertThat(gateway.counters().sessionsLost()).isPositive();
        peer.publish("dev/status", 1, true, new byte[0]); // clear the retained will
    }

    @Test
    void the_will_topic_request_is_retransmitted_until_answered() {
        raw.send(v("CONNECT will,!clean,dur=60"));
        assertThat(raw.receive()).isEqualTo(v("WILLTOPICREQ"));
        assertThat(raw.receive()).isEqualTo(v("WILLTOPICREQ")); // not answered: sent again after Tretry
        raw.send(v("WILLTOPIC qos1 retain t=dev/status"));
        assertThat(raw.receive()).isEqualTo(v("WILLMSGREQ"));
        raw.send(v("WILLMSG offline"));
        assertThat(raw.receive()).isEqualTo(v("CONNACK accepted"));
        raw.send(v("DISCONNECT")); // graceful: no will
        assertThat(raw.receive()).isEqualTo(v("DISCONNECT"));
    }

    @Test
    void subscribe_by_name_predefined_and_short_then_receive_through_register() throws Exception {
        raw.send(v("CONNECT clean,dur=60,id=L610-0001"));
        assertThat(raw.receiveHex()).isEqualTo("030500");

        raw.send(v("SUBSCRIBE qos1 name 'cmd/#' msgid=7"));
        assertThat(raw.receive()).isEqualTo(v("SUBACK qos1 topicid=0 msgid=7 rc=0")); // wildcard: topic id 0
        raw.send(v("SUBSCRIBE qos0 predefined id=2 msgid=8"));
        assertThat(raw.receiveHex()).isEqualTo("0813000002000800"); // granted 0, predefined id 2
        raw.send(v("SUBSCRIBE qos2 short 'cd' msgid=9"));
        assertThat(raw.receiveHex()).isEqualTo("0813400000000900"); // granted 2

        // a plain MQTT client publishes under the wildcard: the gateway REGISTERs the topic first (§6.10)
        peer.publish("cmd/reboot", 1, "now");
        Register reg = (Register) MqttSnCodec.decode(raw.receive());
        assertThat(reg.topicName()).isEqualTo("cmd/reboot");
        raw.send(MqttSnCodec.encode(new RegAck(reg.topicId(), reg.msgId(), ReturnCode.ACCEPTED)));
        Publish p = (Publish) MqttSnCodec.decode(raw.receive());
        assertThat(p.topicId()).isEqualTo(reg.topicId());
        assertThat(new String(p.data())).isEqualTo("now");
        assertThat(p.qos().code()).isEqualTo(1);
        raw.send(MqttSnCodec.encode(new dev.l610.mqttsn.codec.PubAck(p.topicId(), p.msgId(), ReturnCode.ACCEPTED)));

        // the short topic 'cd' comes with its two octets in place of the topic id
        peer.publish("cd", 0, "x");
        assertThat(raw.receiveHex()).isEqualTo("080c026364000078"); // PUBLISH qos0 short 'cd' 'x'

        raw.send(v("UNSUBSCRIBE name 'cmd/#' msgid=10"));
        assertThat(raw.receive()).isEqualTo(v("UNSUBACK msgid=10"));
        raw.send(v("DISCONNECT"));
        assertThat(raw.receiveHex()).isEqualTo("0218");
    }

    @Test
    void searchgw_garbage_and_sessionless_traffic_are_handled_without_crashing() {
        raw.send(v("SEARCHGW radius=1"));
        assertThat(raw.receiveHex()).isEqualTo("030201"); // GWINFO gw 1
        long errors = gateway.counters().decodeErrors();
        raw.sendHex("ff");
        raw.sendHex("0000");
        raw.sendHex("01ffff0c");
        raw.sendHex("03fe00");
        raw.send(v("PUBLISH qos-1 predefined id=1 'x'")); // QoS -1 without a connection: forwarded, never answered
        raw.send(v("PINGREQ (no clientid)")); // no session: told to connect
        assertThat(raw.receiveHex()).isEqualTo("0218");
        await().until(() -> gateway.counters().decodeErrors() >= errors + 4);
        raw.send(v("CONNECT clean,dur=60,id=L610-0001"));
        assertThat(raw.receiveHex()).isEqualTo("030500");
        raw.sendHex("0a0a00000001fffefffe"); // REGISTER whose name is not UTF-8: rejected with its MsgId
        assertThat(raw.receiveHex()).isEqualTo("070b0000000103");
        raw.send(v("DISCONNECT"));
        assertThat(raw.receiveHex()).isEqualTo("0218");
    }
}
