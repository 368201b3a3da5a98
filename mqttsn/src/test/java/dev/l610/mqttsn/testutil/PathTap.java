package dev.l610.mqttsn.testutil;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A path handler for tests: counts every datagram each way, and drops the next {@code n} of a
 * direction when told to (released, and for outbound ones the promise succeeds: lost on the way).
 */
public final class PathTap extends ChannelDuplexHandler {

    public final AtomicInteger in = new AtomicInteger();
    public final AtomicInteger out = new AtomicInteger();
    public final AtomicInteger droppedIn = new AtomicInteger();
    public final AtomicInteger droppedOut = new AtomicInteger();
    private final AtomicInteger dropIn = new AtomicInteger();
    private final AtomicInteger dropOut = new AtomicInteger();
    public volatile boolean outboundNotPacket;
    public volatile boolean inboundNotPacket;

    public void dropNextIn(int n) {
        dropIn.set(n);
    }

    public void dropNextOut(int n) {
        dropOut.set(n);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket)) {
            inboundNotPacket = true;
        }
        in.incrementAndGet();
        if (dropIn.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            droppedIn.incrementAndGet();
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof DatagramPacket)) {
            outboundNotPacket = true;
        }
        out.incrementAndGet();
        if (dropOut.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            droppedOut.incrementAndGet();
            ReferenceCountUtil.release(msg);
            promise.setSuccess();
            return;
        }
        ctx.write(msg, promise);
    }
}
