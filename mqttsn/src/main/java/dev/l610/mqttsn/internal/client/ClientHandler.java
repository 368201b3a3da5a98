package dev.l610.mqttsn.internal.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a client's datagram channel: hands each datagram to the {@link ClientCore} and
 * releases it. Nothing escapes from here: a failure while handling one datagram is logged and the
 * channel carries on.
 */
public final class ClientHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientHandler.class);

    private final ClientCore core;

    public ClientHandler(ClientCore core) {
        this.core = core;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof DatagramPacket p) {
                core.onDatagram(p.content());
            } else {
                LOG.debug("ignored a {} in a client pipeline", msg.getClass().getName());
            }
        } catch (RuntimeException e) {
            LOG.warn("failed to handle a datagram", e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        try {
            core.onChannelError(cause);
        } catch (RuntimeException e) {
            LOG.warn("failed to handle a channel error", e);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        core.onChannelClosed();
        ctx.fireChannelInactive();
    }
}
