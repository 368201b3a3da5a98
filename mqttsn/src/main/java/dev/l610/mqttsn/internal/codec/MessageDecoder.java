package dev.l610.mqttsn.internal.codec;

import dev.l610.mqttsn.codec.DecodeFailure;
import dev.l610.mqttsn.codec.MqttSnDecodeException;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.MsgType;

/**
 * Reads the message header (§5.2) and hands the body to the decoder of its type. The header is
 * checked before anything else: the Length form, the Length value against the datagram size, then
 * the MsgType.
 */
public final class MessageDecoder {

    /** First octet announcing the 3-octet Length form (§5.2.1). */
    static final int THREE_OCTET_LENGTH = 0x01;

    private MessageDecoder() {
    }

    public static MqttSnMessage decode(byte[] d, int off, int len) throws MqttSnDecodeException {
        try {
            return decodeChecked(d, off, len);
        } catch (MqttSnDecodeException e) {
            throw e;
        } catch (RuntimeException e) {
            // Not expected: every read is bounds-checked. Kept so that hostile input never escapes as a RuntimeException.
            throw new MqttSnDecodeException(DecodeFailure.INTERNAL_ERROR, "decoder bug: " + e, null, -1);
        }
    }

    private static MqttSnMessage decodeChecked(byte[] d, int off, int len) throws MqttSnDecodeException {
        int end = off + len;
        FrameReader header = new FrameReader(d, off, off, end);
        if (len < 2) {
            throw header.fail(DecodeFailure.TRUNCATED,
                    "datagram has " + len + " octet(s), the smallest MQTT-SN message (Length + MsgType) has 2 (§5.2)");
        }
        int declared = header.u8("Length");
        if (declared == THREE_OCTET_LENGTH) {
            if (len < 4) {
                throw header.fail(DecodeFailure.TRUNCATED, "the 3-octet Length form (0x01 + 2 octets) and MsgType need 4 octets, "
                        + "datagram has " + len + " (§5.2.1)");
            }
            declared = header.u16("Length");
            if (declared < 4) {
                throw header.fail(DecodeFailure.INVALID_LENGTH,
                        "3-octet Length field says " + declared + " octets, a message in that form has at least 4 (§5.2.1)");
            }
        } else if (declared < 2) {
            throw header.fail(DecodeFailure.INVALID_LENGTH,
                    "Length field says " + declared + " octets, a message has at least 2 (§5.2.1)");
        }
        int typeCode = header.u8("MsgType");
        MsgType type = MsgType.fromCode(typeCode);
        header.type(type);
        if (declared != len) {
            throw header.fail(DecodeFailure.LENGTH_MISMATCH,
                    "Length field says " + declared + " octets, datagram has " + len + " (§5.2.1)");
        }
        if (type == null) {
            throw header.fail(DecodeFailure.UNKNOWN_TYPE, String.format("MsgType 0x%02X is reserved (§5.2.2)", typeCode));
        }
        if (type == MsgType.ENCAPSULATED) {
            throw header.fail(DecodeFailure.UNSUPPORTED_TYPE, "Encapsulated messages (§5.5) are not supported");
        }
        MqttSnMessage m = body(type, header);
        header.expectEnd();
        return m;
    }

    private static MqttSnMessage body(MsgType type, FrameReader r) throws MqttSnDecodeException {
        switch (type) {
            case ADVERTISE: return SessionDecoders.advertise(r);
            case SEARCHGW: return SessionDecoders.searchGw(r);
            case GWINFO: return SessionDecoders.gwInfo(r);
            case CONNECT: return SessionDecoders.connect(r);
            case CONNACK: return SessionDecoders.connAck(r);
            case WILLTOPICREQ: return SessionDecoders.willTopicReq();
            case WILLTOPIC: return SessionDecoders.willTopic(r);
            case WILLMSGREQ: return SessionDecoders.willMsgReq();
            case WILLMSG: return SessionDecoders.willMsg(r);
            case PINGREQ: return SessionDecoders.pingReq(r);
            case PINGRESP: return SessionDecoders.pingResp();
            case DISCONNECT: return SessionDecoders.disconnect(r);
            case WILLTOPICUPD: return SessionDecoders.willTopicUpd(r);
            case WILLTOPICRESP: return SessionDecoders.willTopicResp(r);
            case WILLMSGUPD: return SessionDecoders.willMsgUpd(r);
            case WILLMSGRESP: return SessionDecoders.willMsgResp(r);
            case REGISTER: return TopicDecoders.register(r);
            case REGACK: return TopicDecoders.regAck(r);
            case PUBLISH: return TopicDecoders.publish(r);
            case PUBACK: return TopicDecoders.pubAck(r);
            case PUBREC: return TopicDecoders.pubRec(r);
            case PUBREL: return TopicDecoders.pubRel(r);
            case PUBCOMP: return TopicDecoders.pubComp(r);
            case SUBSCRIBE: return TopicDecoders.subscribe(r);
            case SUBACK: return TopicDecoders.subAck(r);
            case UNSUBSCRIBE: return TopicDecoders.unsubscribe(r);
            case UNSUBACK: return TopicDecoders.unsubAck(r);
            default:
                throw r.fail(DecodeFailure.UNSUPPORTED_TYPE, type + " is not supported");
        }
    }
}
