package dev.l610.mqttsn.internal.io;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

/**
 * Copies each received datagram into a buffer of its own size and releases the 64 KiB receive
 * buffer, so that a handler further on may hold datagrams (e.g. to delay them) without holding
 * 64 KiB each. Only placed in front of user handlers.
 */
@ChannelHandler.Sharable
public final class TrimHandler extends ChannelInboundHandlerAdapter {

    public static final TrimHandler INSTANCE = new TrimHandler();

    private TrimHandler() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket p) {
            ByteBuf copy;
            try {
                copy = ctx.alloc().buffer(p.content().readableBytes()).writeBytes(p.content());
            } finally {
                p.release();
            }
            ctx.fireChannelRead(p.replace(copy));
        } else {
            ctx.fireChannelRead(msg);
        }
    }
}
