package dev.l610.mqttsn.codec;

/**
 * The QoS flag bits (§5.3.4, bits 6..5 of the Flags octet).
 *
 * <p>{@link #MINUS_ONE} is QoS level -1 (0b11): a PUBLISH sent without a connection, to a
 * predefined topic id or short topic name (§6.8).
 */
public enum QoS {
    AT_MOST_ONCE(0, 0b00),
    AT_LEAST_ONCE(1, 0b01),
    EXACTLY_ONCE(2, 0b10),
    MINUS_ONE(-1, 0b11);

    private final int code;
    private final int bits;

    QoS(int code, int bits) {
        this.code = code;
        this.bits = bits;
    }

    /** The QoS level: -1, 0, 1 or 2. */
    public int code() {
        return code;
    }

    /** The two flag bits (0..3), not yet shifted into place. */
    public int bits() {
        return bits;
    }

    /** The QoS with this level (-1..2), or {@code null} for any other value. */
    public static QoS fromCode(int code) {
        switch (code) {
            case 0: return AT_MOST_ONCE;
            case 1: return AT_LEAST_ONCE;
            case 2: return EXACTLY_ONCE;
            case -1: return MINUS_ONE;
            default: return null;
        }
    }

    /** The QoS for two flag bits (0..3); every value is defined. */
    public static QoS fromBits(int bits) {
        switch (bits & 0b11) {
            case 0b00: return AT_MOST_ONCE;
            case 0b01: return AT_LEAST_ONCE;
            case 0b10: return EXACTLY_ONCE;
            default: return MINUS_ONE;
        }
    }
}
