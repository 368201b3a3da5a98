package dev.l610.mqttsn.internal.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway channel's only handler: hands each datagram with its sender to the {@link GatewayCore}
 * and releases it. Nothing escapes from here: a failure while handling one datagram is logged and the
 * channel carries on.
 */
public final class GatewayHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);

    private final GatewayCore core;

    public GatewayHandler(GatewayCore core) {
        this.core = core;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof DatagramPacket p) {
                core.onDatagram(p.sender(), p.content());
            }
        } catch (RuntimeException e) {
            LOG.warn("failed to handle a datagram", e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        core.onChannelError(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        try {
            core.close();
        } catch (RuntimeException e) {
            LOG.warn("failed to end the sessions of a closed gateway channel", e);
        }
        ctx.fireChannelInactive();
    }
}
