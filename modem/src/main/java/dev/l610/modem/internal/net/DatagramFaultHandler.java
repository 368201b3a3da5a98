package dev.l610.modem.internal.net;

import dev.l610.modem.net.Direction;
import dev.l610.modem.net.Shaping;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.channels.ClosedChannelException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@link PathFaults} of one UDP channel, first in its pipeline: blackhole drops every datagram both
 * ways (sends still succeed); with {@link PathFaults#datagramShaping} loss drops a datagram with the loss
 * probability, and latency / jitter / rate delay each datagram on its own (so jitter may reorder them, as
 * on a real radio path).
 *
 * <p>Bounded: beyond {@value #MAX_HELD_BYTES} bytes held in one direction, further datagrams are dropped
 * (a full radio queue).
 */
final class DatagramFaultHandler extends ChannelDuplexHandler {

    static final int MAX_HELD_BYTES = 1 << 20;

    private final PathFaults faults;
    private final Map<ScheduledFuture<?>, Object> held = new IdentityHashMap<>();
    private final Map<ScheduledFuture<?>, ChannelPromise> heldPromises = new IdentityHashMap<>();
    private long heldIn;
    private long heldOut;

    DatagramFaultHandler(PathFaults faults) {
        this.faults = faults;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        for (Map.Entry<ScheduledFuture<?>, Object> e : Map.copyOf(held).entrySet()) {
            e.getKey().cancel(false);
            ReferenceCountUtil.release(e.getValue());
            ChannelPromise p = heldPromises.get(e.getKey());
            if (p != null) {
                p.tryFailure(new ClosedChannelException());
            }
        }
        held.clear();
        heldPromises.clear();
        heldIn = 0;
        heldOut = 0;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket p)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Shaping s = faults.datagramShaping(Direction.DOWNLINK);
        if (faults.blackholed() || faults.lose(s)) {
            p.release();
            return;
        }
        if (s.isNone()) {
            ctx.fireChannelRead(msg);
            return;
        }
        int n = p.content().readableBytes();
        if (heldIn + n > MAX_HELD_BYTES) {
            p.release();
            return;
        }
        heldIn += n;
        long delay = faults.dueNanos(Direction.DOWNLINK, s, n, System.nanoTime(), false) - System.nanoTime();
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = ctx.executor().schedule(() -> {
            held.remove(self[0]);
            heldIn -= n;
            if (faults.blackholed()) {
                p.release();
            } else {
                ctx.fireChannelRead(p);
                ctx.fireChannelReadComplete();
            }
        }, Math.max(0, delay), TimeUnit.NANOSECONDS);
        held.put(self[0], p);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof DatagramPacket p)) {
            ctx.write(msg, promise);
            return;
        }
        Shaping s = faults.datagramShaping(Direction.UPLINK);
        if (faults.blackholed() || faults.lose(s)) {
            p.release();
            promise.trySuccess();
            return;
        }
        if (s.isNone()) {
            ctx.write(msg, promise);
            return;
        }
        int n = p.content().readableBytes();
        if (heldOut + n > MAX_HELD_BYTES) {
            p.release();
            promise.trySuccess(); // sent into a full radio queue: lost, as UDP may be
            return;
        }
        heldOut += n;
        long delay = faults.dueNanos(Direction.UPLINK, s, n, System.nanoTime(), false) - System.nanoTime();
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = ctx.executor().schedule(() -> {
            held.remove(self[0]);
            heldPromises.remove(self[0]);
            heldOut -= n;
            if (faults.blackholed()) {
                p.release();
                promise.trySuccess();
            } else {
                ctx.writeAndFlush(p, promise);
            }
        }, Math.max(0, delay), TimeUnit.NANOSECONDS);
        held.put(self[0], p);
        heldPromises.put(self[0], promise);
    }
}
