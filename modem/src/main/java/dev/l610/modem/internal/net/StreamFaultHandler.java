package dev.l610.modem.internal.net;

import dev.l610.modem.net.Direction;
import dev.l610.modem.net.Shaping;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The {@link PathFaults} of one TCP channel, first in its pipeline. Blackhole drops bytes both ways (writes
 * still succeed); shaping holds each chunk until its due time, never reordering bytes. While nothing is
 * shaped and nothing is held, bytes pass straight through.
 *
 * <p>Bounded: while more than {@value #HIGH_WATER} held inbound bytes wait, the channel stops reading (as a
 * full TCP receive window does) until they fall below {@value #LOW_WATER}. Outbound chunks are held as
 * written; the MQTT client above bounds what it writes (its in-flight window).
 */
final class StreamFaultHandler extends ChannelDuplexHandler {

    static final int HIGH_WATER = 1 << 20;
    static final int LOW_WATER = 256 << 10;

    private record Held(Object msg, ChannelPromise promise, long due, int bytes) {
    }

    private final PathFaults faults;
    private final ArrayDeque<Held> in = new ArrayDeque<>();
    private final ArrayDeque<Held> out = new ArrayDeque<>();
    private long inLast;
    private long outLast;
    private long inBytes;
    private boolean readsPaused;
    private ScheduledFuture<?> inTimer;
    private ScheduledFuture<?> outTimer;
    /** The due time each timer was set for: when it fires, that time has come (whatever the clock says). */
    private long inTimerDue;
    private long outTimerDue;
    private ChannelHandlerContext ctx;

    StreamFaultHandler(PathFaults faults) {
        this.faults = faults;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        faults.opened(ctx.channel());
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        faults.closed(ctx.channel());
        cancel();
        releaseAll(in);
        releaseAll(out);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (faults.blackholed()) {
            buf.release();
            return;
        }
        Shaping s = faults.shaping(Direction.DOWNLINK);
        if (s.isNone() && in.isEmpty()) {
            ctx.fireChannelRead(msg);
            return;
        }
        int n = buf.readableBytes();
        long due = Math.max(inLast, faults.dueNanos(Direction.DOWNLINK, s, n, System.nanoTime(), true));
        inLast = due;
        in.add(new Held(msg, null, due, n));
        inBytes += n;
        if (inBytes > HIGH_WATER && !readsPaused) {
            readsPaused = true;
            ctx.channel().config().setAutoRead(false);
        }
        if (inTimer == null) {
            inTimerDue = due;
            inTimer = schedule(this::deliverIn, due);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (in.isEmpty()) {
            ctx.fireChannelReadComplete();
        } // else: fired when the held bytes are delivered
    }

    /**
     * The connection is closed: bytes still held inbound are delivered now (they came before the FIN), then
     * the close. Not later: once closed, the channel's handlers are removed, and a held close would be lost.
     */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        faults.closed(ctx.channel());
        cancel();
        releaseAll(out);
        boolean fired = false;
        Held h;
        while ((h = in.poll()) != null) {
            if (faults.blackholed()) {
                ReferenceCountUtil.release(h.msg());
            } else {
                fired = true;
                ctx.fireChannelRead(h.msg());
            }
        }
        inBytes = 0;
        if (fired) {
            ctx.fireChannelReadComplete();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.write(msg, promise);
            return;
        }
        if (faults.blackholed()) {
            buf.release();
            promise.trySuccess();
            return;
        }
        Shaping s = faults.shaping(Direction.UPLINK);
        if (s.isNone() && out.isEmpty()) {
            ctx.write(msg, promise);
            return;
        }
        int n = buf.readableBytes();
        long due = Math.max(outLast, faults.dueNanos(Direction.UPLINK, s, n, System.nanoTime(), true));
        outLast = due;
        out.add(new Held(msg, promise, due, n));
        if (outTimer == null) {
            outTimerDue = due;
            outTimer = schedule(this::deliverOut, due);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (out.isEmpty()) {
            ctx.flush();
        } // else: held chunks are flushed when due
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        cancel();
        releaseAll(out);
        ctx.close(promise);
    }

    private void deliverIn() {
        inTimer = null;
        long now = Math.max(System.nanoTime(), inTimerDue);
        boolean fired = false;
        while (!in.isEmpty() && in.peek().due() <= now) {
            Held h = in.poll();
            inBytes -= h.bytes();
            if (faults.blackholed()) {
                ReferenceCountUtil.release(h.msg());
            } else {
                fired = true;
                ctx.fireChannelRead(h.msg());
            }
        }
        if (fired) {
            ctx.fireChannelReadComplete();
        }
        if (readsPaused && inBytes < LOW_WATER) {
            readsPaused = false;
            ctx.channel().config().setAutoRead(true);
        }
        if (!in.isEmpty()) {
            inTimerDue = in.peek().due();
            inTimer = schedule(this::deliverIn, inTimerDue);
        }
    }

    private void deliverOut() {
        outTimer = null;
        long now = Math.max(System.nanoTime(), outTimerDue);
        boolean wrote = false;
        while (!out.isEmpty() && out.peek().due() <= now) {
            Held h = out.poll();
            if (faults.blackholed()) {
                ReferenceCountUtil.release(h.msg());
                h.promise().trySuccess();
            } else {
                wrote = true;
                ctx.write(h.msg(), h.promise());
            }
        }
        if (wrote) {
            ctx.flush();
        }
        if (!out.isEmpty()) {
            outTimerDue = out.peek().due();
            outTimer = schedule(this::deliverOut, outTimerDue);
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, long due) {
        long now = System.nanoTime();
        return ctx.executor().schedule(task, Math.max(0, due - now), TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (inTimer != null) {
            inTimer.cancel(false);
            inTimer = null;
        }
        if (outTimer != null) {
            outTimer.cancel(false);
            outTimer = null;
        }
    }

    private void releaseAll(ArrayDeque<Held> q) {
        Held h;
        while ((h = q.poll()) != null) {
            ReferenceCountUtil.release(h.msg());
            if (h.promise() != null) {
                h.promise().tryFailure(new ClosedChannelException());
            }
        }
        if (q == in) {
            inBytes = 0;
        }
    }
}
