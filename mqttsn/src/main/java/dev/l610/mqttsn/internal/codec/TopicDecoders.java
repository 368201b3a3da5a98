package dev.l610.mqttsn.internal.codec;

import dev.l610.mqttsn.codec.DecodeFailure;
import dev.l610.mqttsn.codec.MqttSnDecodeException;
import dev.l610.mqttsn.codec.PubAck;
import dev.l610.mqttsn.codec.PubComp;
import dev.l610.mqttsn.codec.PubRec;
import dev.l610.mqttsn.codec.PubRel;
import dev.l610.mqttsn.codec.Publish;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.RegAck;
import dev.l610.mqttsn.codec.Register;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.codec.SubAck;
import dev.l610.mqttsn.codec.Subscribe;
import dev.l610.mqttsn.codec.TopicIdType;
import dev.l610.mqttsn.codec.UnsubAck;
import dev.l610.mqttsn.codec.Unsubscribe;

/**
 * Body decoders for registration, publish and subscribe messages. Fixed fields are read before the
 * flags are judged, so a failure still carries the MsgId.
 */
final class TopicDecoders {

    private TopicDecoders() {
    }

    static Register register(FrameReader r) throws MqttSnDecodeException {
        int topicId = r.u16("TopicId");
        int msgId = r.msgId();
        return new Register(topicId, msgId, r.restName("TopicName"));
    }

    static RegAck regAck(FrameReader r) throws MqttSnDecodeException {
        int topicId = r.u16("TopicId");
        int msgId = r.msgId();
        return new RegAck(topicId, msgId, Checks.returnCode(r));
    }

    static Publish publish(FrameReader r) throws MqttSnDecodeException {
        int flags = r.u8("Flags");
        int topicId = r.u16("TopicId");
        int msgId = r.msgId();
        TopicIdType type = Checks.topicIdType(r, flags);
        QoS qos = QoS.fromBits(Flags.qosBits(flags));
        // §5.4.12: MsgId is "coded 0x0000" for QoS 0 and -1; a non-zero value is tolerated, not rejected.
        return new Publish((flags & Flags.DUP) != 0, qos, (flags & Flags.RETAIN) != 0, type, topicId, msgId, r.rest());
    }

    static PubAck pubAck(FrameReader r) throws MqttSnDecodeException {
        int topicId = r.u16("TopicId");
        int msgId = r.msgId();
        ReturnCode rc = Checks.returnCode(r);
        return new PubAck(topicId, msgId, rc);
    }

    static PubRec pubRec(FrameReader r) throws MqttSnDecodeException {
        return new PubRec(r.msgId());
    }

    static PubRel pubRel(FrameReader r) throws MqttSnDecodeException {
        return new PubRel(r.msgId());
    }

    static PubComp pubComp(FrameReader r) throws MqttSnDecodeException {
        return new PubComp(r.msgId());
    }

    static UnsubAck unsubAck(FrameReader r) throws MqttSnDecodeException {
        return new UnsubAck(r.msgId());
    }

    static Subscribe subscribe(FrameReader r) throws MqttSnDecodeException {
        int flags = r.u8("Flags");
        int msgId = r.msgId();
        TopicIdType type = Checks.topicIdType(r, flags);
        QoS qos = Checks.qosNotMinusOne(r, flags);
        if (type == TopicIdType.NORMAL) {
            return new Subscribe((flags & Flags.DUP) != 0, qos, type, msgId, r.restName("TopicName"), 0);
        }
        return new Subscribe((flags & Flags.DUP) != 0, qos, type, msgId, "", topicIdOrShortName(r, type));
    }

    static Unsubscribe unsubscribe(FrameReader r) throws MqttSnDecodeException {
        int flags = r.u8("Flags");
        int msgId = r.msgId();
        TopicIdType type = Checks.topicIdType(r, flags);
        if (type == TopicIdType.NORMAL) {
            return new Unsubscribe(type, msgId, r.restName("TopicName"), 0);
        }
        return new Unsubscribe(type, msgId, "", topicIdOrShortName(r, type));
    }

    static SubAck subAck(FrameReader r) throws MqttSnDecodeException {
        int flags = r.u8("Flags");
        int topicId = r.u16("TopicId");
        int msgId = r.msgId();
        QoS qos = Checks.qosNotMinusOne(r, flags);
        return new SubAck(qos, topicId, msgId, Checks.returnCode(r));
    }

    /** A predefined TopicId, or a short TopicName which is exactly two octets (§5.3.12, §6.7). */
    private static int topicIdOrShortName(FrameReader r, TopicIdType type) throws MqttSnDecodeException {
        if (type == TopicIdType.SHORT && r.remaining() != 2) {
            throw r.fail(DecodeFailure.INVALID_FIELD, "a short TopicName has exactly 2 octets, this one has "
                    + r.remaining() + " (§6.7)");
        }
        return r.u16(type == TopicIdType.SHORT ? "short TopicName" : "TopicId");
    }
}
