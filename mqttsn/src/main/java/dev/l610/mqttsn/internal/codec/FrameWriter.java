package dev.l610.mqttsn.internal.codec;

import dev.l610.mqttsn.codec.MqttSnCodec;
import dev.l610.mqttsn.codec.MsgType;

/** Writes one message into an array allocated once at its exact size. */
final class FrameWriter {

    private final byte[] out;
    private int pos;

    /**
     * Starts a message whose body after MsgType is {@code bodyLength} octets; writes the Length field
     * in the 1-octet form when the whole message fits in 255 octets, else in the 3-octet form (§5.2.1).
     */
    FrameWriter(MsgType type, int bodyLength) {
        int total = bodyLength + 2;
        if (total <= 0xFF) {
            out = new byte[total];
            out[pos++] = (byte) total;
        } else {
            total = bodyLength + 4;
            if (total > MqttSnCodec.MAX_MESSAGE_SIZE) {
                throw new IllegalArgumentException(type + " would be " + total + " octets, the limit is "
                        + MqttSnCodec.MAX_MESSAGE_SIZE + " (§5.2.1)");
            }
            out = new byte[total];
            out[pos++] = (byte) MessageDecoder.THREE_OCTET_LENGTH;
            u16(total);
        }
        out[pos++] = (byte) type.code();
    }

    FrameWriter u8(int v) {
        out[pos++] = (byte) v;
        return this;
    }

    FrameWriter u16(int v) {
        out[pos++] = (byte) (v >> 8);
        out[pos++] = (byte) v;
        return this;
    }

    FrameWriter bytes(byte[] b) {
        System.arraycopy(b, 0, out, pos, b.length);
        pos += b.length;
        return this;
    }

    byte[] done() {
        if (pos != out.length) {
            throw new IllegalStateException("encoder wrote " + pos + " of " + out.length + " octets");
        }
        return out;
    }
}
