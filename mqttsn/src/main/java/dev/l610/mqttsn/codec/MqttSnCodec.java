package dev.l610.mqttsn.codec;

import dev.l610.mqttsn.internal.codec.MessageDecoder;
import dev.l610.mqttsn.internal.codec.MessageEncoder;

import java.nio.ByteBuffer;

/**
 * Encodes and decodes MQTT-SN 1.2 messages, one message per datagram. Stateless and thread-safe.
 *
 * <p>Decoding checks the length before every read, rejects a Length field that differs from the
 * datagram size and any trailing octets, and never allocates more than the datagram holds. Every
 * failure is a {@link MqttSnDecodeException}; no RuntimeException escapes {@code decode}.
 *
 * <p>Encoding picks the 1-octet Length form when the whole message fits in 255 octets, the 3-octet
 * form (0x01 + two octets) otherwise (§5.2.1). A message longer than 65535 octets cannot be encoded.
 */
public final class MqttSnCodec {

    /** The longest MQTT-SN message: the 3-octet Length form counts up to 65535 octets (§5.2.1). */
    public static final int MAX_MESSAGE_SIZE = 0xFFFF;

    private MqttSnCodec() {
    }

    /** Decodes one whole datagram. */
    public static MqttSnMessage decode(byte[] datagram) throws MqttSnDecodeException {
        return decode(datagram, 0, datagram.length);
    }

    /** Decodes the datagram held in {@code datagram[offset, offset + length)}. */
    public static MqttSnMessage decode(byte[] datagram, int offset, int length) throws MqttSnDecodeException {
        if (offset < 0 || length < 0 || offset > datagram.length - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside an array of " + datagram.length);
        }
        return MessageDecoder.decode(datagram, offset, length);
    }

    /** Decodes the remaining bytes of {@code datagram}; its position is left unchanged. */
    public static MqttSnMessage decode(ByteBuffer datagram) throws MqttSnDecodeException {
        if (datagram.hasArray()) {
            return decode(datagram.array(), datagram.arrayOffset() + datagram.position(), datagram.remaining());
        }
        byte[] copy = new byte[datagram.remaining()];
        datagram.duplicate().get(copy);
        return decode(copy);
    }

    /**
     * Encodes one message into a new array of exactly its size.
     *
     * @throws IllegalArgumentException when the message would be longer than {@link #MAX_MESSAGE_SIZE}
     */
    public static byte[] encode(MqttSnMessage message) {
        return MessageEncoder.encode(message);
    }
}
