package dev.l610.mqttsn.codec;

/** The MsgType octet of an MQTT-SN 1.2 message header (§5.2.2). */
public enum MsgType {
    ADVERTISE(0x00),
    SEARCHGW(0x01),
    GWINFO(0x02),
    CONNECT(0x04),
    CONNACK(0x05),
    WILLTOPICREQ(0x06),
    WILLTOPIC(0x07),
    WILLMSGREQ(0x08),
    WILLMSG(0x09),
    REGISTER(0x0A),
    REGACK(0x0B),
    PUBLISH(0x0C),
    PUBACK(0x0D),
    PUBCOMP(0x0E),
    PUBREC(0x0F),
    PUBREL(0x10),
    SUBSCRIBE(0x12),
    SUBACK(0x13),
    UNSUBSCRIBE(0x14),
    UNSUBACK(0x15),
    PINGREQ(0x16),
    PINGRESP(0x17),
    DISCONNECT(0x18),
    WILLTOPICUPD(0x1A),
    WILLTOPICRESP(0x1B),
    WILLMSGUPD(0x1C),
    WILLMSGRESP(0x1D),
    /** Forwarder encapsulation (§5.5); recognised but not supported by this codec. */
    ENCAPSULATED(0xFE);

    private static final MsgType[] BY_CODE = new MsgType[256];

    static {
        for (MsgType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    MsgType(int code) {
        this.code = code;
    }

    /** The octet on the wire. */
    public int code() {
        return code;
    }

    /**
     * The type with this code, or {@code null} for a reserved code (0x03, 0x11, 0x19, 0x1E..0xFD, 0xFF)
     * or a value outside 0..255.
     */
    public static MsgType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
