package dev.l610.mqttsn.codec;

/** The TopicIdType flag bits (§5.3.4, bits 1..0 of the Flags octet); 0b11 is reserved. */
public enum TopicIdType {
    /** A normal topic id (PUBLISH) or a topic name (SUBSCRIBE, UNSUBSCRIBE). */
    NORMAL(0b00),
    /** A predefined topic id (§6.7). */
    PREDEFINED(0b01),
    /** A short topic name: two octets carried in place of the topic id (§6.7). */
    SHORT(0b10);

    private final int code;

    TopicIdType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for these bits, or {@code null} for the reserved value 0b11 or anything else. */
    public static TopicIdType fromCode(int code) {
        switch (code) {
            case 0b00: return NORMAL;
            case 0b01: return PREDEFINED;
            case 0b10: return SHORT;
            default: return null;
        }
    }
}
