package dev.l610.mqttsn.internal.io;

import dev.l610.mqttsn.codec.MqttSnCodec;
import dev.l610.mqttsn.codec.MqttSnDecodeException;
import dev.l610.mqttsn.codec.MqttSnMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;

import java.io.IOException;
import java.net.PortUnreachableException;

/** MQTT-SN messages to and from Netty buffers. */
public final class Datagrams {

    /**
     * Every read gets a buffer that holds any UDP datagram (65507 octets of IPv4 payload, and any
     * MQTT-SN message), so none is cut; the buffer never grows beyond it.
     */
    public static final RecvByteBufAllocator RECEIVE_BUFFERS = new FixedRecvByteBufAllocator(65536);

    /** One scratch array per event-loop thread to decode direct buffers without allocating. */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[65536];
        }
    };

    private Datagrams() {
    }

    /** Decodes the readable bytes of one datagram; the buffer is left unchanged. */
    public static MqttSnMessage decode(ByteBuf content) throws MqttSnDecodeException {
        int n = content.readableBytes();
        if (content.hasArray()) {
            return MqttSnCodec.decode(content.array(), content.arrayOffset() + content.readerIndex(), n);
        }
        byte[] scratch = n <= 65536 ? SCRATCH.get() : new byte[n];
        content.getBytes(content.readerIndex(), scratch, 0, n);
        return MqttSnCodec.decode(scratch, 0, n); // the decoder copies what it keeps
    }

    public static ByteBuf encode(MqttSnMessage m) {
        return Unpooled.wrappedBuffer(MqttSnCodec.encode(m));
    }

    /** ICMP port unreachable, as NIO ({@link PortUnreachableException}) or the native transport reports it. */
    public static boolean isUnreachable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PortUnreachableException) {
                return true;
            }
            if (c instanceof IOException && c.getMessage() != null && c.getMessage().contains("Connection refused")) {
                return true;
            }
        }
        return false;
    }
}
