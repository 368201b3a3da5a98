package dev.l610.mqttsn.codec;

/** The ReturnCode field (§5.3.10); 0x04..0xFF are reserved. */
public enum ReturnCode {
    ACCEPTED(0x00),
    REJECTED_CONGESTION(0x01),
    REJECTED_INVALID_TOPIC_ID(0x02),
    REJECTED_NOT_SUPPORTED(0x03);

    private final int code;

    ReturnCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** {@code true} for every code except {@link #ACCEPTED}. */
    public boolean isError() {
        return this != ACCEPTED;
    }

    /** The return code for this value, or {@code null} for a reserved value. */
    public static ReturnCode fromCode(int code) {
        switch (code) {
            case 0x00: return ACCEPTED;
            case 0x01: return REJECTED_CONGESTION;
            case 0x02: return REJECTED_INVALID_TOPIC_ID;
            case 0x03: return REJECTED_NOT_SUPPORTED;
            default: return null;
        }
    }
}
