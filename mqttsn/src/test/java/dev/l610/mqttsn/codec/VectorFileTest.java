package dev.l610.mqttsn.codec;

import dev.l610.mqttsn.testutil.Hex;
import dev.l610.mqttsn.testutil.Vectors;
import dev.l610.mqttsn.testutil.Vectors.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.l610.mqttsn.codec.QoS.AT_LEAST_ONCE;
import static dev.l610.mqttsn.codec.QoS.AT_MOST_ONCE;
import static dev.l610.mqttsn.codec.QoS.EXACTLY_ONCE;
import static dev.l610.mqttsn.codec.QoS.MINUS_ONE;
import static dev.l610.mqttsn.codec.ReturnCode.ACCEPTED;
import static dev.l610.mqttsn.codec.TopicIdType.NORMAL;
import static dev.l610.mqttsn.codec.TopicIdType.PREDEFINED;
import static dev.l610.mqttsn.codec.TopicIdType.SHORT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every frame of the independent vector file, both ways: GIVEN the Paho-encoded octets, WHEN
 * decoded THEN the fields are the ones the description names; WHEN the expected message is encoded
 * THEN the octets are exactly the file's.
 */
class VectorFileTest {

    private static final byte[] X = ascii("x");
    private static final byte[] T215 = ascii("21.5");

    /** The expected message for each description in the file, written out by hand from the description. */
    static final Map<String, MqttSnMessage> EXPECTED = new LinkedHashMap<>();

    static {
        e("CONNECT clean,dur=60,id=L610-0001", new Connect(false, true, 60, "L610-0001"));
        e("CONNECT will,!clean,dur=60", new Connect(true, false, 60, "L610-0001"));
        e("CONNACK accepted", new ConnAck(ACCEPTED));
        e("WILLTOPICREQ", new WillTopicReq());
        e("WILLTOPIC qos1 retain t=dev/status", new WillTopic(AT_LEAST_ONCE, true, "dev/status"));
        e("WILLMSGREQ", new WillMsgReq());
        e("WILLMSG offline", new WillMsg(ascii("offline")));
        e("REGISTER id=0 msgid=1 sensors/temp", new Register(0, 1, "sensors/temp"));
        e("REGACK topicid=5 msgid=1 rc=0", new RegAck(5, 1, ACCEPTED));
        e("PUBLISH qos0 normal id=5 '21.5'", new Publish(false, AT_MOST_ONCE, false, NORMAL, 5, 0, T215));
        e("PUBLISH qos1 normal id=5 msgid=2", new Publish(false, AT_LEAST_ONCE, false, NORMAL, 5, 2, T215));
        e("PUBLISH qos2 retain normal id=5 msgid=3", new Publish(false, EXACTLY_ONCE, true, NORMAL, 5, 3, T215));
        e("PUBLISH qos-1 predefined id=1 'x'", new Publish(false, MINUS_ONE, false, PREDEFINED, 1, 0, X));
        e("PUBLISH qos1 predefined id=1 msgid=4", new Publish(false, AT_LEAST_ONCE, false, PREDEFINED, 1, 4, X));
        e("PUBLISH qos0 short 'ab' 'x'", new Publish(false, AT_MOST_ONCE, false, SHORT, shortId("ab"), 0, X));
        e("PUBLISH dup qos1 short 'ab' msgid=6", new Publish(true, AT_LEAST_ONCE, false, SHORT, shortId("ab"), 6, X));
        e("PUBACK topicid=5 msgid=2 rc=0", new PubAck(5, 2, ACCEPTED));
        e("PUBACK topicid=5 msgid=2 rc=2(invalid id)", new PubAck(5, 2, ReturnCode.REJECTED_INVALID_TOPIC_ID));
        e("PUBREC msgid=3", new PubRec(3));
        e("PUBREL msgid=3", new PubRel(3));
        e("PUBCOMP msgid=3", new PubComp(3));
        e("SUBSCRIBE qos1 name 'cmd/#' msgid=7", Subscribe.ofName(7, AT_LEAST_ONCE, "cmd/#"));
        e("SUBSCRIBE qos0 predefined id=2 msgid=8", Subscribe.ofId(8, AT_MOST_ONCE, PREDEFINED, 2));
        e("SUBSCRIBE qos2 short 'cd' msgid=9", Subscribe.ofId(9, EXACTLY_ONCE, SHORT, shortId("cd")));
        e("SUBACK qos1 topicid=0 msgid=7 rc=0", new SubAck(AT_LEAST_ONCE, 0, 7, ACCEPTED));
        e("UNSUBSCRIBE name 'cmd/#' msgid=10", Unsubscribe.ofName(10, "cmd/#"));
        e("UNSUBACK msgid=10", new UnsubAck(10));
        e("PINGREQ (no clientid)", new PingReq());
        e("PINGREQ clientid L610-0001", new PingReq("L610-0001"));
        e("PINGRESP", new PingResp());
        e("DISCONNECT", new Disconnect());
        e("DISCONNECT sleep duration=300", Disconnect.sleep(300));
        e("SEARCHGW radius=1", new SearchGw(1));
        e("ADVERTISE gw=1 dur=900", new Advertise(1, 900));
        byte[] a299 = new byte[299];
        Arrays.fill(a299, (byte) 'A');
        e(Vectors.LONG_PUBLISH_PREFIX, new Publish(false, AT_MOST_ONCE, false, NORMAL, 5, 0, a299));
    }

    static List<Vector> vectors() {
        return Vectors.all();
    }

    @Test
    void every_line_of_the_file_has_an_expectation_and_every_expectation_a_line() {
        List<Vector> all = Vectors.all();
        assertThat(all).hasSize(EXPECTED.size());
        for (Vector v : all) {
            assertThat(expected(v)).as(v.description()).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodes_to_the_described_fields(Vector v) throws MqttSnDecodeException {
        assertThat(MqttSnCodec.decode(v.frame())).isEqualTo(expected(v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encodes_to_exactly_the_same_octets(Vector v) {
        assertThat(Hex.hex(MqttSnCodec.encode(expected(v)))).isEqualTo(Hex.hex(v.frame()));
    }

    @Test
    void the_long_publish_uses_the_3_octet_length_form() {
        Vector v = Vectors.all().get(Vectors.all().size() - 1);
        byte[] encoded = MqttSnCodec.encode(expected(v));
        assertThat(encoded).hasSize(308);
        assertThat(Hex.hex(Arrays.copyOf(encoded, 8))).isEqualTo("0101340c00000500");
    }

    private static MqttSnMessage expected(Vector v) {
        MqttSnMessage m = EXPECTED.get(v.description());
        if (m == null && v.description().startsWith(Vectors.LONG_PUBLISH_PREFIX)) {
            m = EXPECTED.get(Vectors.LONG_PUBLISH_PREFIX);
        }
        return m;
    }

    private static void e(String description, MqttSnMessage m) {
        EXPECTED.put(description, m);
    }

    static int shortId(String twoChars) {
        byte[] b = ascii(twoChars);
        return ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
