package dev.l610.mqttsn.internal.codec;

import dev.l610.mqttsn.codec.DecodeFailure;
import dev.l610.mqttsn.codec.MqttSnDecodeException;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.codec.TopicIdType;

/** Field rules shared by the body decoders; each failure names the rule it enforces. */
final class Checks {

    private Checks() {
    }

    static ReturnCode returnCode(FrameReader r) throws MqttSnDecodeException {
        int code = r.u8("ReturnCode");
        ReturnCode rc = ReturnCode.fromCode(code);
        if (rc == null) {
            throw r.fail(DecodeFailure.INVALID_FIELD, String.format("ReturnCode 0x%02X is reserved (§5.3.10)", code));
        }
        return rc;
    }

    static TopicIdType topicIdType(FrameReader r, int flags) throws MqttSnDecodeException {
        TopicIdType t = TopicIdType.fromCode(flags & Flags.TOPIC_ID_TYPE_MASK);
        if (t == null) {
            throw r.fail(DecodeFailure.RESERVED_FLAGS, String.format(
                    "Flags 0x%02X: TopicIdType 0b11 is reserved (§5.3.4)", flags));
        }
        return t;
    }

    /** QoS bits for a message other than PUBLISH: 0b11 (QoS -1) is only defined for PUBLISH (§6.8). */
    static QoS qosNotMinusOne(FrameReader r, int flags) throws MqttSnDecodeException {
        QoS q = QoS.fromBits(Flags.qosBits(flags));
        if (q == QoS.MINUS_ONE) {
            throw r.fail(DecodeFailure.RESERVED_FLAGS, String.format(
                    "Flags 0x%02X: QoS 0b11 (-1) is only defined for PUBLISH (§5.3.4, §6.8), not %s", flags, r.type()));
        }
        return q;
    }
}
