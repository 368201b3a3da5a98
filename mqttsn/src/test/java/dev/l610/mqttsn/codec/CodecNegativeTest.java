package dev.l610.mqttsn.codec;

import dev.l610.mqttsn.testutil.Hex;
import dev.l610.mqttsn.testutil.Vectors;
import dev.l610.mqttsn.testutil.Vectors.Vector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Hostile datagrams: each case changes one octet (or one bit, or the size) of a valid frame and names
 * the exact failure: its kind, the message type and MsgId parsed so far, and the message text.
 */
class CodecNegativeTest {

    /** Types whose body is all fixed-size fields: any truncation is TRUNCATED. */
    private static final Set<MsgType> FIXED_SIZE = EnumSet.of(MsgType.ADVERTISE, MsgType.SEARCHGW, MsgType.CONNACK,
            MsgType.REGACK, MsgType.PUBACK, MsgType.PUBREC, MsgType.PUBREL, MsgType.PUBCOMP, MsgType.SUBACK,
            MsgType.UNSUBACK, MsgType.WILLTOPICRESP, MsgType.WILLMSGRESP);

    static Stream<Arguments> mutations() {
        return Stream.of(
                // description, hex, failure, type, msgId (-1 none), message
                arguments("CONNACK rc 0x00 -> 0x04", "030504", DecodeFailure.INVALID_FIELD, MsgType.CONNACK, -1,
                        "ReturnCode 0x04 is reserved (§5.3.10)"),
                arguments("REGACK rc 0x00 -> 0xFF", "070b00050001ff", DecodeFailure.INVALID_FIELD, MsgType.REGACK, 1,
                        "ReturnCode 0xFF is reserved (§5.3.10)"),
                arguments("CONNECT ProtocolId 0x01 -> 0x02", "0f040402003c4c3631302d30303031", DecodeFailure.INVALID_FIELD,
                        MsgType.CONNECT, -1, "ProtocolId 0x02, MQTT-SN 1.2 defines only 0x01 (§5.3.8)"),
                arguments("PUBLISH Flags TopicIdType 0b00 -> 0b11", "0b0c230005000232312e35", DecodeFailure.RESERVED_FLAGS,
                        MsgType.PUBLISH, 2, "Flags 0x23: TopicIdType 0b11 is reserved (§5.3.4)"),
                arguments("UNSUBSCRIBE Flags TopicIdType 0b00 -> 0b11", "0a1403000a636d642f23", DecodeFailure.RESERVED_FLAGS,
                        MsgType.UNSUBSCRIBE, 10, "Flags 0x03: TopicIdType 0b11 is reserved (§5.3.4)"),
                arguments("SUBSCRIBE Flags QoS 0b01 -> 0b11", "0a126000 07636d642f23", DecodeFailure.RESERVED_FLAGS,
                        MsgType.SUBSCRIBE, 7, "Flags 0x60: QoS 0b11 (-1) is only defined for PUBLISH (§5.3.4, §6.8), not SUBSCRIBE"),
                arguments("SUBACK Flags QoS 0b01 -> 0b11", "0813600000000700", DecodeFailure.RESERVED_FLAGS,
                        MsgType.SUBACK, 7, "Flags 0x60: QoS 0b11 (-1) is only defined for PUBLISH (§5.3.4, §6.8), not SUBACK"),
                arguments("WILLTOPIC Flags QoS 0b01 -> 0b11", "0d07706465762f737461747573", DecodeFailure.RESERVED_FLAGS,
                        MsgType.WILLTOPIC, -1, "Flags 0x70: QoS 0b11 (-1) is only defined for PUBLISH (§5.3.4, §6.8), not WILLTOPIC"),
                arguments("SUBSCRIBE short TopicName of 3 octets", "0812420009636465", DecodeFailure.INVALID_FIELD,
                        MsgType.SUBSCRIBE, 9, "a short TopicName has exactly 2 octets, this one has 3 (§6.7)"),
                arguments("CONNACK Length 3 -> 4", "040500", DecodeFailure.LENGTH_MISMATCH, MsgType.CONNACK, -1,
                        "Length field says 4 octets, datagram has 3 (§5.2.1)"),
                arguments("CONNACK Length 3 -> 0", "000500", DecodeFailure.INVALID_LENGTH, null, -1,
                        "Length field says 0 octets, a message has at least 2 (§5.2.1)"),
                arguments("3-octet Length 4 -> 3", "01000316", DecodeFailure.INVALID_LENGTH, null, -1,
                        "3-octet Length field says 3 octets, a message in that form has at least 4 (§5.2.1)"),
                arguments("long PUBLISH cut after its first 8 octets", "0101340c00000500", DecodeFailure.LENGTH_MISMATCH,
                        MsgType.PUBLISH, -1, "Length field says 308 octets, datagram has 8 (§5.2.1)"),
                arguments("3-octet form cut after 2 octets", "0100", DecodeFailure.TRUNCATED, null, -1,
                        "the 3-octet Length form (0x01 + 2 octets) and MsgType need 4 octets, datagram has 2 (§5.2.1)"),
                arguments("a lone octet", "02", DecodeFailure.TRUNCATED, null, -1,
                        "datagram has 1 octet(s), the smallest MQTT-SN message (Length + MsgType) has 2 (§5.2)"),
                arguments("CONNACK MsgType 0x05 -> 0x03", "030300", DecodeFailure.UNKNOWN_TYPE, null, -1,
                        "MsgType 0x03 is reserved (§5.2.2)"),
                arguments("CONNACK MsgType 0x05 -> 0xFE", "03fe00", DecodeFailure.UNSUPPORTED_TYPE, MsgType.ENCAPSULATED, -1,
                        "Encapsulated messages (§5.5) are not supported"),
                arguments("PUBACK with one octet appended", "080d0005000200ff", DecodeFailure.TRAILING_BYTES, MsgType.PUBACK, 2,
                        "1 trailing octet(s) at offset 7 after the last field of PUBACK (it ends after 7 octets, the datagram has 8)"),
                arguments("REGISTER TopicName not UTF-8", "0a0a00000001fffefffe", DecodeFailure.INVALID_FIELD, MsgType.REGISTER, 1,
                        "TopicName is not valid UTF-8 (4 octets at offset 6)"),
                arguments("REGISTER without TopicName", "060a00000001", DecodeFailure.INVALID_FIELD, MsgType.REGISTER, 1,
                        "TopicName is empty; it needs at least 1 octet"),
                arguments("PINGREQ ClientId not UTF-8", "0416c328", DecodeFailure.INVALID_FIELD, MsgType.PINGREQ, -1,
                        "ClientId is not valid UTF-8 (2 octets at offset 2)"),
                arguments("DISCONNECT with one Duration octet", "031801", DecodeFailure.TRUNCATED, MsgType.DISCONNECT, -1,
                        "Duration needs 2 octet(s) at offset 2, only 1 left"),
                arguments("PUBREC with one MsgId octet", "030f00", DecodeFailure.TRUNCATED, MsgType.PUBREC, -1,
                        "MsgId needs 2 octet(s) at offset 2, only 1 left"),
                arguments("WILLTOPIC Flags but no topic", "030730", DecodeFailure.INVALID_FIELD, MsgType.WILLTOPIC, -1,
                        "WillTopic is empty after a Flags octet; an empty WILLTOPIC has no Flags either (§5.4.7)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void rejects_with_the_exact_failure(String description, String hex, DecodeFailure failure, MsgType type, int msgId,
                                        String message) {
        MqttSnDecodeException e = decodeFails(Hex.bytes(hex));
        assertThat(e.failure()).isEqualTo(failure);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.messageType().orElse(null)).isEqualTo(type);
        assertThat(e.msgId().orElse(-1)).isEqualTo(msgId);
    }

    static List<Vector> vectors() {
        return Vectors.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void every_truncation_of_every_vector_is_rejected(Vector v) throws MqttSnDecodeException {
        byte[] frame = v.frame();
        boolean longForm = frame[0] == 0x01;
        MsgType type = MqttSnCodec.decode(frame).type();
        for (int k = 0; k < frame.length; k++) {
            MqttSnDecodeException e = decodeFails(Arrays.copyOf(frame, k));
            if (k < 2 || (longForm && k < 4)) {
                assertThat(e.failure()).as("cut at %d", k).isEqualTo(DecodeFailure.TRUNCATED);
            } else {
                assertThat(e.failure()).as("cut at %d", k).isEqualTo(DecodeFailure.LENGTH_MISMATCH);
                assertThat(e.messageType()).contains(type);
                assertThat(e.getMessage()).isEqualTo("Length field says " + frame.length + " octets, datagram has " + k + " (§5.2.1)");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void truncating_the_body_with_a_matching_length_field_never_reads_past_the_end(Vector v) throws MqttSnDecodeException {
        byte[] frame = v.frame();
        if (frame[0] == 0x01) {
            return; // the 1-octet form is enough to walk every field boundary
        }
        MsgType type = MqttSnCodec.decode(frame).type();
        for (int k = 2; k < frame.length; k++) {
            byte[] cut = Arrays.copyOf(frame, k);
            cut[0] = (byte) k;
            try {
                MqttSnCodec.decode(cut);
                assertThat(FIXED_SIZE).as("%s cut to %d decoded", type, k).doesNotContain(type);
            } catch (MqttSnDecodeException e) {
                assertThat(e.failure()).as("%s cut to %d: %s", type, k, e.getMessage())
                        .isIn(DecodeFailure.TRUNCATED, DecodeFailure.INVALID_FIELD);
                if (FIXED_SIZE.contains(type)) {
                    assertThat(e.failure()).isEqualTo(DecodeFailure.TRUNCATED);
                    assertThat(e.getMessage()).contains("needs").contains("left");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void appending_an_octet_to_a_fixed_size_message_is_trailing(Vector v) throws MqttSnDecodeException {
        byte[] frame = v.frame();
        MsgType type = MqttSnCodec.decode(frame).type();
        if (!FIXED_SIZE.contains(type)) {
            return;
        }
        byte[] longer = Arrays.copyOf(frame, frame.length + 1);
        longer[0] = (byte) longer.length;
        assertThat(decodeFails(longer).failure()).isEqualTo(DecodeFailure.TRAILING_BYTES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void every_single_bit_flip_decodes_or_fails_typed(Vector v) {
        byte[] frame = v.frame();
        for (int bit = 0; bit < frame.length * 8; bit++) {
            byte[] flipped = frame.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            try {
                MqttSnMessage m = MqttSnCodec.decode(flipped);
                assertThat(MqttSnCodec.decode(MqttSnCodec.encode(m))).isEqualTo(m);
            } catch (MqttSnDecodeException e) {
                assertThat(e.failure()).as("bit %d: %s", bit, e.getMessage()).isNotEqualTo(DecodeFailure.INTERNAL_ERROR);
                if (bit < 8 && frame[0] != 0x01) {
                    assertThat(e.failure()).as("Length octet bit %d", bit).isIn(DecodeFailure.LENGTH_MISMATCH,
                            DecodeFailure.INVALID_LENGTH, DecodeFailure.TRUNCATED);
                }
            } catch (RuntimeException e) {
                throw new AssertionError("bit " + bit + " of " + v + " escaped as " + e, e);
            }
        }
    }

    static MqttSnDecodeException decodeFails(byte[] datagram) {
        MqttSnDecodeException e = catchThrowableOfType(MqttSnDecodeException.class, () -> MqttSnCodec.decode(datagram));
        assertThat(e).as("decode of %s must fail", Hex.hex(datagram)).isNotNull();
        return e;
    }
}
