package dev.l610.mqttsn.codec;

import dev.l610.mqttsn.testutil.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** encode → decode gives the same message back, for every message type and both Length forms. */
class CodecRoundTripTest {

    static List<MqttSnMessage> samples() {
        byte[] payload = "payload \u00e9".getBytes(StandardCharsets.UTF_8);
        return List.of(
                new Advertise(255, 65535),
                new SearchGw(0),
                new GwInfo(7),
                new GwInfo(7, new byte[] {127, 0, 0, 1}),
                new Connect(true, true, 0, "client-\u00fc"),
                new Connect(false, false, 65535, ""),
                new ConnAck(ReturnCode.REJECTED_CONGESTION),
                new WillTopicReq(),
                new WillTopic(QoS.EXACTLY_ONCE, false, "will/topic"),
                WillTopic.empty(),
                new WillMsgReq(),
                new WillMsg(new byte[0]),
                new WillMsg(payload),
                new Register(65535, 65535, "a/b/\u00e4"),
                new RegAck(1, 2, ReturnCode.REJECTED_NOT_SUPPORTED),
                new Publish(true, QoS.EXACTLY_ONCE, true, TopicIdType.PREDEFINED, 65535, 65535, payload),
                new Publish(false, QoS.MINUS_ONE, false, TopicIdType.SHORT, 0x6162, 0, new byte[0]),
                new PubAck(3, 4, ReturnCode.REJECTED_INVALID_TOPIC_ID),
                new PubRec(0),
                new PubRel(65535),
                new PubComp(1),
                new Subscribe(true, QoS.EXACTLY_ONCE, TopicIdType.NORMAL, 9, "+/#", 0),
                Subscribe.ofId(10, QoS.AT_MOST_ONCE, TopicIdType.SHORT, 0x7a7a),
                new SubAck(QoS.EXACTLY_ONCE, 12, 13, ReturnCode.REJECTED_CONGESTION),
                Unsubscribe.ofId(14, TopicIdType.PREDEFINED, 42),
                Unsubscribe.ofId(15, TopicIdType.SHORT, 0x6162),
                Unsubscribe.ofName(16, "x"),
                new UnsubAck(17),
                new PingReq("sleepy"),
                new PingReq(),
                new PingResp(),
                new Disconnect(),
                new Disconnect(OptionalInt.of(0)),
                new WillTopicUpd(QoS.AT_LEAST_ONCE, true, "upd"),
                new WillTopicUpd(QoS.AT_MOST_ONCE, false, ""),
                new WillTopicResp(ReturnCode.ACCEPTED),
                new WillMsgUpd(payload),
                new WillMsgResp(ReturnCode.REJECTED_NOT_SUPPORTED));
    }

    @Test
    void the_samples_cover_every_message_type_but_encapsulated() {
        Set<MsgType> covered = EnumSet.noneOf(MsgType.class);
        samples().forEach(m -> covered.add(m.type()));
        assertThat(covered).isEqualTo(EnumSet.complementOf(EnumSet.of(MsgType.ENCAPSULATED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void round_trips(MqttSnMessage m) throws MqttSnDecodeException {
        byte[] wire = MqttSnCodec.encode(m);
        assertThat(wire[0] & 0xFF).as("1-octet Length").isEqualTo(wire.length);
        assertThat(wire[1] & 0xFF).isEqualTo(m.type().code());
        assertThat(MqttSnCodec.decode(wire)).isEqualTo(m);
        assertThat(MqttSnCodec.decode(ByteBuffer.wrap(wire))).isEqualTo(m);
    }

    @Test
    void picks_the_1_octet_form_up_to_255_octets_and_the_3_octet_form_above() throws MqttSnDecodeException {
        Publish fits = publishOfTotal1(255); // 7 header octets + 248 data
        byte[] a = MqttSnCodec.encode(fits);
        assertThat(a).hasSize(255);
        assertThat(a[0] & 0xFF).isEqualTo(255);

        Publish over = publishOfTotal1(256);
        byte[] b = MqttSnCodec.encode(over);
        assertThat(b).hasSize(258);
        assertThat(Hex.hex(java.util.Arrays.copyOf(b, 4))).isEqualTo("0101020c");
        assertThat(MqttSnCodec.decode(b)).isEqualTo(over);
    }

    @Test
    void accepts_the_3_octet_form_for_a_short_message() throws MqttSnDecodeException {
        // GIVEN a PINGREQ written in the 3-octet form: 01 | 0004 | 16
        assertThat(MqttSnCodec.decode(Hex.bytes("01000416"))).isEqualTo(new PingReq());
    }

    @Test
    void encodes_up_to_65535_octets_and_refuses_more() throws MqttSnDecodeException {
        Publish max = new Publish(false, QoS.AT_MOST_ONCE, false, TopicIdType.NORMAL, 1, 0, new byte[65535 - 9]);
        byte[] wire = MqttSnCodec.encode(max);
        assertThat(wire).hasSize(65535);
        assertThat(MqttSnCodec.decode(wire)).isEqualTo(max);
        Publish tooBig = new Publish(false, QoS.AT_MOST_ONCE, false, TopicIdType.NORMAL, 1, 0, new byte[65535 - 8]);
        assertThatThrownBy(() -> MqttSnCodec.encode(tooBig))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536 octets");
    }

    @Test
    void decodes_a_datagram_inside_a_larger_array() throws MqttSnDecodeException {
        byte[] buf = Hex.bytes("ffff040f0003ffff");
        assertThat(MqttSnCodec.decode(buf, 2, 4)).isEqualTo(new PubRec(3));
    }

    @Test
    void records_refuse_values_the_wire_cannot_carry() {
        assertThatThrownBy(() -> new PubAck(65536, 1, ReturnCode.ACCEPTED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Register(0, 1, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Subscribe.ofName(1, QoS.MINUS_ONE, "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Subscribe(false, QoS.AT_MOST_ONCE, TopicIdType.PREDEFINED, 1, "a", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tolerates_what_the_specification_only_asks_senders_to_do() throws MqttSnDecodeException {
        // §5.3.4 lists flags "not used" by CONNECT; a DUP bit there is ignored, not rejected
        assertThat(MqttSnCodec.decode(Hex.bytes("0f048401003c4c3631302d30303031")))
                .isEqualTo(new Connect(false, true, 60, "L610-0001"));
        // §5.4.12: MsgId is "coded 0x0000" for QoS 0; another value is kept as is
        assertThat(((Publish) MqttSnCodec.decode(Hex.bytes("0b0c000005002a32312e35"))).msgId()).isEqualTo(42);
        // §6.8 meant QoS -1 for predefined ids and short names; a normal id is the receiver's call, not the codec's
        assertThat(((Publish) MqttSnCodec.decode(Hex.bytes("0b0c600005000032312e35"))).qos()).isEqualTo(QoS.MINUS_ONE);
    }

    /** A PUBLISH whose encoding in the 1-octet form would be {@code total} octets. */
    private static Publish publishOfTotal1(int total) {
        return new Publish(false, QoS.AT_LEAST_ONCE, false, TopicIdType.NORMAL, 1, 1, new byte[total - 7]);
    }
}
