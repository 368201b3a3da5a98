package dev.l610.mqttsn.internal.codec;

import dev.l610.mqttsn.codec.Advertise;
import dev.l610.mqttsn.codec.ConnAck;
import dev.l610.mqttsn.codec.Connect;
import dev.l610.mqttsn.codec.DecodeFailure;
import dev.l610.mqttsn.codec.Disconnect;
import dev.l610.mqttsn.codec.GwInfo;
import dev.l610.mqttsn.codec.MqttSnDecodeException;
import dev.l610.mqttsn.codec.PingReq;
import dev.l610.mqttsn.codec.PingResp;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.SearchGw;
import dev.l610.mqttsn.codec.WillMsg;
import dev.l610.mqttsn.codec.WillMsgReq;
import dev.l610.mqttsn.codec.WillMsgResp;
import dev.l610.mqttsn.codec.WillMsgUpd;
import dev.l610.mqttsn.codec.WillTopic;
import dev.l610.mqttsn.codec.WillTopicReq;
import dev.l610.mqttsn.codec.WillTopicResp;
import dev.l610.mqttsn.codec.WillTopicUpd;

import java.util.OptionalInt;

/**
 * Body decoders for discovery, connection, will and keep-alive messages. Flag bits a message does
 * not use are ignored, as §5.3.4 only lists them as "not used" there.
 */
final class SessionDecoders {

    private SessionDecoders() {
    }

    static Advertise advertise(FrameReader r) throws MqttSnDecodeException {
        int gwId = r.u8("GwId");
        return new Advertise(gwId, r.u16("Duration"));
    }

    static SearchGw searchGw(FrameReader r) throws MqttSnDecodeException {
        return new SearchGw(r.u8("Radius"));
    }

    static GwInfo gwInfo(FrameReader r) throws MqttSnDecodeException {
        int gwId = r.u8("GwId");
        return new GwInfo(gwId, r.rest());
    }

    static Connect connect(FrameReader r) throws MqttSnDecodeException {
        int flags = r.u8("Flags");
        int protocolId = r.u8("ProtocolId");
        int duration = r.u16("Duration");
        if (protocolId != Connect.PROTOCOL_ID) {
            throw r.fail(DecodeFailure.INVALID_FIELD,
                    String.format("ProtocolId 0x%02X, MQTT-SN 1.2 defines only 0x01 (§5.3.8)", protocolId));
        }
        String clientId = r.restUtf8("ClientId");
        return new Connect((flags & Flags.WILL) != 0, (flags & Flags.CLEAN_SESSION) != 0, duration, clientId);
    }

    static ConnAck connAck(FrameReader r) throws MqttSnDecodeException {
        return new ConnAck(Checks.returnCode(r));
    }

    static WillTopicReq willTopicReq() {
        return new WillTopicReq();
    }

    static WillMsgReq willMsgReq() {
        return new WillMsgReq();
    }

    static PingResp pingResp() {
        return new PingResp();
    }

    static WillTopic willTopic(FrameReader r) throws MqttSnDecodeException {
        if (r.remaining() == 0) {
            return WillTopic.empty(); // §5.4.7: an empty WILLTOPIC has neither Flags nor WillTopic
        }
        int flags = r.u8("Flags");
        QoS qos = Checks.qosNotMinusOne(r, flags);
        return new WillTopic(qos, (flags & Flags.RETAIN) != 0, willTopicName(r));
    }

    static WillTopicUpd willTopicUpd(FrameReader r) throws MqttSnDecodeException {
        if (r.remaining() == 0) {
            return new WillTopicUpd(QoS.AT_MOST_ONCE, false, ""); // §5.4.22: empty WILLTOPICUPD deletes the will
        }
        int flags = r.u8("Flags");
        QoS qos = Checks.qosNotMinusOne(r, flags);
        return new WillTopicUpd(qos, (flags & Flags.RETAIN) != 0, willTopicName(r));
    }

    private static String willTopicName(FrameReader r) throws MqttSnDecodeException {
        if (r.remaining() == 0) {
            throw r.fail(DecodeFailure.INVALID_FIELD,
                    "WillTopic is empty after a Flags octet; an empty " + r.type() + " has no Flags either (§5.4.7)");
        }
        return r.restUtf8("WillTopic");
    }

    static WillMsg willMsg(FrameReader r) {
        return new WillMsg(r.rest());
    }

    static WillMsgUpd willMsgUpd(FrameReader r) {
        return new WillMsgUpd(r.rest());
    }

    static WillTopicResp willTopicResp(FrameReader r) throws MqttSnDecodeException {
        return new WillTopicResp(Checks.returnCode(r));
    }

    static WillMsgResp willMsgResp(FrameReader r) throws MqttSnDecodeException {
        return new WillMsgResp(Checks.returnCode(r));
    }

    static PingReq pingReq(FrameReader r) throws MqttSnDecodeException {
        return new PingReq(r.restUtf8("ClientId"));
    }

    static Disconnect disconnect(FrameReader r) throws MqttSnDecodeException {
        if (r.remaining() == 0) {
            return new Disconnect();
        }
        return new Disconnect(OptionalInt.of(r.u16("Duration")));
    }
}
