package dev.l610.mqttsn.internal.codec;

import dev.l610.mqttsn.codec.Advertise;
import dev.l610.mqttsn.codec.ConnAck;
import dev.l610.mqttsn.codec.Connect;
import dev.l610.mqttsn.codec.Disconnect;
import dev.l610.mqttsn.codec.GwInfo;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.MsgType;
import dev.l610.mqttsn.codec.PingReq;
import dev.l610.mqttsn.codec.PubAck;
import dev.l610.mqttsn.codec.PubComp;
import dev.l610.mqttsn.codec.PubRec;
import dev.l610.mqttsn.codec.PubRel;
import dev.l610.mqttsn.codec.Publish;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.RegAck;
import dev.l610.mqttsn.codec.Register;
import dev.l610.mqttsn.codec.SearchGw;
import dev.l610.mqttsn.codec.SubAck;
import dev.l610.mqttsn.codec.Subscribe;
import dev.l610.mqttsn.codec.TopicIdType;
import dev.l610.mqttsn.codec.UnsubAck;
import dev.l610.mqttsn.codec.Unsubscribe;
import dev.l610.mqttsn.codec.WillMsg;
import dev.l610.mqttsn.codec.WillMsgResp;
import dev.l610.mqttsn.codec.WillMsgUpd;
import dev.l610.mqttsn.codec.WillTopic;
import dev.l610.mqttsn.codec.WillTopicResp;
import dev.l610.mqttsn.codec.WillTopicUpd;

import java.nio.charset.StandardCharsets;

/** Stateless encoder: computes each message's exact size, allocates once, writes fields in order. */
public final class MessageEncoder {

    private MessageEncoder() {
    }

    public static byte[] encode(MqttSnMessage m) {
        MsgType t = m.type();
        switch (t) {
            case ADVERTISE: {
                Advertise a = (Advertise) m;
                return new FrameWriter(t, 3).u8(a.gwId()).u16(a.duration()).done();
            }
            case SEARCHGW:
                return new FrameWriter(t, 1).u8(((SearchGw) m).radius()).done();
            case GWINFO: {
                GwInfo g = (GwInfo) m;
                return new FrameWriter(t, 1 + g.gwAdd().length).u8(g.gwId()).bytes(g.gwAdd()).done();
            }
            case CONNECT: {
                Connect c = (Connect) m;
                byte[] id = utf8(c.clientId());
                int flags = (c.will() ? Flags.WILL : 0) | (c.cleanSession() ? Flags.CLEAN_SESSION : 0);
                return new FrameWriter(t, 4 + id.length).u8(flags).u8(Connect.PROTOCOL_ID).u16(c.duration()).bytes(id).done();
            }
            case CONNACK:
                return new FrameWriter(t, 1).u8(((ConnAck) m).returnCode().code()).done();
            case WILLTOPICREQ:
            case WILLMSGREQ:
            case PINGRESP:
                return new FrameWriter(t, 0).done();
            case WILLTOPIC: {
                WillTopic w = (WillTopic) m;
                return willTopic(t, w.qos(), w.retain(), w.willTopic());
            }
            case WILLTOPICUPD: {
                WillTopicUpd w = (WillTopicUpd) m;
                return willTopic(t, w.qos(), w.retain(), w.willTopic());
            }
            case WILLMSG:
                return bytesOnly(t, ((WillMsg) m).willMsg());
            case WILLMSGUPD:
                return bytesOnly(t, ((WillMsgUpd) m).willMsg());
            case WILLTOPICRESP:
                return new FrameWriter(t, 1).u8(((WillTopicResp) m).returnCode().code()).done();
            case WILLMSGRESP:
                return new FrameWriter(t, 1).u8(((WillMsgResp) m).returnCode().code()).done();
            case REGISTER: {
                Register r = (Register) m;
                byte[] name = utf8(r.topicName());
                return new FrameWriter(t, 4 + name.length).u16(r.topicId()).u16(r.msgId()).bytes(name).done();
            }
            case REGACK: {
                RegAck r = (RegAck) m;
                return new FrameWriter(t, 5).u16(r.topicId()).u16(r.msgId()).u8(r.returnCode().code()).done();
            }
            case PUBLISH:
                return publish((Publish) m);
            case PUBACK: {
                PubAck a = (PubAck) m;
                return new FrameWriter(t, 5).u16(a.topicId()).u16(a.msgId()).u8(a.returnCode().code()).done();
            }
            case PUBREC:
                return msgIdOnly(t, ((PubRec) m).msgId());
            case PUBREL:
                return msgIdOnly(t, ((PubRel) m).msgId());
            case PUBCOMP:
                return msgIdOnly(t, ((PubComp) m).msgId());
            case UNSUBACK:
                return msgIdOnly(t, ((UnsubAck) m).msgId());
            case SUBSCRIBE: {
                Subscribe s = (Subscribe) m;
                int flags = (s.dup() ? Flags.DUP : 0) | qosFlags(s.qos()) | s.topicIdType().code();
                return topicMessage(t, flags, s.msgId(), s.topicIdType(), s.topicName(), s.topicId());
            }
            case UNSUBSCRIBE: {
                Unsubscribe u = (Unsubscribe) m;
                return topicMessage(t, u.topicIdType().code(), u.msgId(), u.topicIdType(), u.topicName(), u.topicId());
            }
            case SUBACK: {
                SubAck s = (SubAck) m;
                return new FrameWriter(t, 6).u8(qosFlags(s.qos())).u16(s.topicId()).u16(s.msgId())
                        .u8(s.returnCode().code()).done();
            }
            case PINGREQ: {
                byte[] id = utf8(((PingReq) m).clientId());
                return bytesOnly(t, id);
            }
            case DISCONNECT: {
                Disconnect d = (Disconnect) m;
                return d.duration().isPresent()
                        ? new FrameWriter(t, 2).u16(d.duration().getAsInt()).done()
                        : new FrameWriter(t, 0).done();
            }
            default:
                throw new IllegalArgumentException(t + " cannot be encoded");
        }
    }

    private static byte[] publish(Publish p) {
        int flags = (p.dup() ? Flags.DUP : 0) | qosFlags(p.qos()) | (p.retain() ? Flags.RETAIN : 0)
                | p.topicIdType().code();
        return new FrameWriter(MsgType.PUBLISH, 5 + p.data().length)
                .u8(flags).u16(p.topicId()).u16(p.msgId()).bytes(p.data()).done();
    }

    private static byte[] willTopic(MsgType t, QoS qos, boolean retain, String topic) {
        if (topic.isEmpty()) {
            return new FrameWriter(t, 0).done(); // §5.4.7: the empty form has no Flags octet
        }
        byte[] name = utf8(topic);
        return new FrameWriter(t, 1 + name.length).u8(qosFlags(qos) | (retain ? Flags.RETAIN : 0)).bytes(name).done();
    }

    private static byte[] topicMessage(MsgType t, int flags, int msgId, TopicIdType type, String name, int topicId) {
        if (type == TopicIdType.NORMAL) {
            byte[] n = utf8(name);
            return new FrameWriter(t, 3 + n.length).u8(flags).u16(msgId).bytes(n).done();
        }
        return new FrameWriter(t, 5).u8(flags).u16(msgId).u16(topicId).done();
    }

    private static byte[] msgIdOnly(MsgType t, int msgId) {
        return new FrameWriter(t, 2).u16(msgId).done();
    }

    private static byte[] bytesOnly(MsgType t, byte[] b) {
        return new FrameWriter(t, b.length).bytes(b).done();
    }

    private static int qosFlags(QoS qos) {
        return qos.bits() << Flags.QOS_SHIFT;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
