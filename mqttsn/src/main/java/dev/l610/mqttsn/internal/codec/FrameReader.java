package dev.l610.mqttsn.internal.codec;

import dev.l610.mqttsn.codec.DecodeFailure;
import dev.l610.mqttsn.codec.MqttSnDecodeException;
import dev.l610.mqttsn.codec.MsgType;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over the body of one datagram. Every read checks the remaining length first and fails
 * with the field name, the octets needed and the octets present. Remembers the message type and
 * MsgId once read so that every failure carries them.
 */
final class FrameReader {

    private final byte[] buf;
    private final int datagramStart;
    private final int end;
    private int pos;
    private MsgType type;
    private int msgId = -1;

    /**
     * @param datagramStart index of the datagram's first octet (offsets in messages count from it)
     * @param pos           index of the first octet to read
     * @param end           index after the datagram's last octet
     */
    FrameReader(byte[] buf, int datagramStart, int pos, int end) {
        this.buf = buf;
        this.datagramStart = datagramStart;
        this.pos = pos;
        this.end = end;
    }

    void type(MsgType t) {
        this.type = t;
    }

    MsgType type() {
        return type;
    }

    int remaining() {
        return end - pos;
    }

    /** The offset of the cursor from the first octet of the datagram. */
    int offset() {
        return pos - datagramStart;
    }

    int u8(String field) throws MqttSnDecodeException {
        need(1, field);
        return buf[pos++] & 0xFF;
    }

    int u16(String field) throws MqttSnDecodeException {
        need(2, field);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    /** Reads the MsgId and remembers it for any later failure. */
    int msgId() throws MqttSnDecodeException {
        msgId = u16("MsgId");
        return msgId;
    }

    /** All remaining octets (possibly none); the copy is never larger than the datagram. */
    byte[] rest() {
        byte[] out = Arrays.copyOfRange(buf, pos, end);
        pos = end;
        return out;
    }

    /** All remaining octets as strict UTF-8 (possibly empty). */
    String restUtf8(String field) throws MqttSnDecodeException {
        int n = remaining();
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, pos, n))
                    .toString();
            pos = end;
            return s;
        } catch (CharacterCodingException e) {
            throw fail(DecodeFailure.INVALID_FIELD, field + " is not valid UTF-8 (" + n + " octets at offset " + offset() + ")");
        }
    }

    /** All remaining octets as a non-empty UTF-8 name. */
    String restName(String field) throws MqttSnDecodeException {
        if (remaining() == 0) {
            throw fail(DecodeFailure.INVALID_FIELD, field + " is empty; it needs at least 1 octet");
        }
        return restUtf8(field);
    }

    void expectEnd() throws MqttSnDecodeException {
        if (pos != end) {
            throw fail(DecodeFailure.TRAILING_BYTES, remaining() + " trailing octet(s) at offset " + offset()
                    + " after the last field of " + type + " (it ends after " + offset() + " octets, the datagram has "
                    + (end - datagramStart) + ")");
        }
    }

    MqttSnDecodeException fail(DecodeFailure failure, String message) {
        return new MqttSnDecodeException(failure, message, type, msgId);
    }

    private void need(int n, String field) throws MqttSnDecodeException {
        if (end - pos < n) {
            throw fail(DecodeFailure.TRUNCATED, field + " needs " + n + " octet(s) at offset " + offset()
                    + ", only " + (end - pos) + " left");
        }
    }

}
