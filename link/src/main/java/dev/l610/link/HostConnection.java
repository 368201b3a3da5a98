package dev.l610.link;

import dev.l610.modem.LineSink;
import dev.l610.modem.VirtualModem;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One TCP connection of a {@link TcpModemServer}, on the modem's event loop: its reads go straight to
 * {@link VirtualModem#input}, and as the modem's {@link LineSink} it writes the modem's bytes to the
 * channel. A connection that finds the line taken is told by whom and closed.
 */
final class HostConnection extends ChannelInboundHandlerAdapter implements LineSink {

    private static final Logger LOG = LoggerFactory.getLogger(HostConnection.class);
    /** How long a refused connection may stay open for its host to read why and close. */
    static final long REFUSED_LINGER_MS = 2000;

    private final VirtualModem modem;
    private final LineOwner owner;
    private final SocketChannel ch;
    private String closeReason = "host closed the connection";

    HostConnection(VirtualModem modem, LineOwner owner, SocketChannel ch) {
        this.modem = modem;
        this.owner = owner;
        this.ch = ch;
    }

    /** The far end (known once connected: a dial-out connection is made before it has one). */
    InetSocketAddress remote() {
        return ch.remoteAddress();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        owner.arrive(this);
    }

    /** This connection has the line (the modem's host was just attached). */
    void started() {
        // attachHost posts its work to this loop: reading starts after it, so the first bytes find the host attached
        ch.eventLoop().execute(() -> ch.config().setAutoRead(true));
    }

    /**
     * The line is taken by {@code busy}: say so in one line and end our side. What the host sends is read
     * and discarded until it closes too (or {@value #REFUSED_LINGER_MS} ms pass): closing a socket with
     * unread bytes would send a reset, which can destroy the message before the host reads it.
     */
    void refuse(InetSocketAddress busy) {
        String by = busy == null ? "another host" : busy.getHostString() + ":" + busy.getPort();
        String msg = "l610: the modem's serial line is in use by " + by + "; one host at a time\r\n";
        closeReason = "line busy";
        ch.config().setAutoRead(true);
        ch.writeAndFlush(Unpooled.copiedBuffer(msg, StandardCharsets.US_ASCII)).addListener(f -> ch.shutdownOutput());
        ch.eventLoop().schedule((Runnable) ch::close, REFUSED_LINGER_MS, TimeUnit.MILLISECONDS);
        LOG.info("refused {}: line busy", remote());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (!owner.isActive(this)) {
                return; // refused, or half-closed already
            }
            byte[] buf = LineOwner.READ_BUFFER.get();
            while (in.isReadable()) {
                int n = Math.min(buf.length, in.readableBytes());
                in.readBytes(buf, 0, n);
                modem.input(buf, 0, n);
            }
        } finally {
            in.release();
        }
        if (!modem.acceptsInput(() -> ch.config().setAutoRead(true))) {
            ch.config().setAutoRead(false); // the throttled line is full: the host waits in its socket
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            if (owner.isActive(this)) {
                owner.released(this);
                ch.eventLoop().schedule(() -> owner.graceOver(this), TcpModemServer.HALF_CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
            } else {
                ch.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        owner.gone(this, closeReason);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeReason = String.valueOf(cause.getMessage());
        LOG.debug("host {}: {}", remote(), cause.toString());
        ch.close();
    }

    /** The modem's bytes, called on its loop. */
    @Override
    public void write(byte[] data) {
        if (!ch.isActive()) {
            return;
        }
        if (data.length > ch.bytesBeforeUnwritable()) {
            LOG.warn("host {} does not read ({} bytes wait); closing its connection", remote(), TcpModemServer.MAX_PENDING_BYTES);
            closeReason = "write queue full";
            ch.close();
            return;
        }
        ch.writeAndFlush(Unpooled.wrappedBuffer(data), ch.voidPromise());
    }

    /** Closes once what was written has gone out. */
    void hangUp(String why) {
        closeReason = why;
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
