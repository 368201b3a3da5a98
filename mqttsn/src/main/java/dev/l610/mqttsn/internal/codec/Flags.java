package dev.l610.mqttsn.internal.codec;

/** Bit positions of the Flags octet (§5.3.4). */
final class Flags {

    static final int DUP = 0x80;
    static final int QOS_SHIFT = 5;
    static final int QOS_MASK = 0x60;
    static final int RETAIN = 0x10;
    static final int WILL = 0x08;
    static final int CLEAN_SESSION = 0x04;
    static final int TOPIC_ID_TYPE_MASK = 0x03;

    private Flags() {
    }

    static int qosBits(int flags) {
        return (flags & QOS_MASK) >> QOS_SHIFT;
    }
}
