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

    /** Largest UDP datagram we read: any IPv4 payload (65507 octets) and any MQTT-SN message fit, none is cut. */
    private static final int MAX_DATAGRAM = 65536;

    /**
     * Receive buffers for a client's channel: each read gets one that holds any datagram (it never
     * grows beyond); up to 64 datagrams per read event.
     */
    public static final RecvByteBufAllocator CLIENT_RECEIVE = receive(64);

    /**
     * Receive buffers for a gateway's channel: up to 256 datagrams per read event, so a burst from many
     * clients is read (and forwarded to the broker) in one go.
     */
    public static final RecvByteBufAllocator GATEWAY_RECEIVE = receive(256);

    /** One scratch array per event-loop thread to decode direct buffers without allocating. */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[MAX_DATAGRAM];
        }
    };

    private Datagrams() {
    }

    /** Fixed-size buffers; the allocator's own default would be one datagram per read event. */
    private static RecvByteBufAllocator receive(int perReadEvent) {
        return new FixedRecvByteBufAllocator(MAX_DATAGRAM).maxMessagesPerRead(perReadEvent);
    }

    /** Decodes the readable bytes of one datagram; the buffer is left unchanged. */
    public static MqttSnMessage decode(ByteBuf content) throws MqttSnDecodeException {
        int n = content.readableBytes();
        if (content.hasArray()) {
            return MqttSnCodec.decode(content.array(), content.arrayOffset() + content.readerIndex(), n);
        }
        byte[] scratch = n <= MAX_DATAGRAM ? SCRATCH.get() : new byte[n];
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
