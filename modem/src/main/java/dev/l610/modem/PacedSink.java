package dev.l610.modem;

import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Passes bytes on no faster than a UART would: {@code baud / 10} bytes a second (8N1: ten bits a byte),
 * released every {@value #TICK_MS} ms in order, on the modem's event loop. Used by {@code --throttle} so
 * firmware meets the timing of a real 115200-baud line over TCP or a pty.
 *
 * <p>Bounded: {@link #room(Runnable)} says "full" once {@code capacity} bytes wait, and a writer that can
 * hold back its source asks it after each read and stops reading while it is full (a TCP channel turns
 * {@code autoRead} off). Past twice the capacity, bytes written are dropped and counted, as a UART without
 * flow control loses the bytes that overrun it: so a writer that asks at least every {@code capacity}
 * bytes never loses any, and one that never asks (modem output) loses what overruns the line. Writers never block. {@link #write} may be called from any
 * thread; the queue itself is touched only on the loop.
 */
final class PacedSink implements LineSink {

    static final int TICK_MS = 10;
    /** Default bound: about 5.7 s of a 115200-baud line. */
    static final int DEFAULT_CAPACITY = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(PacedSink.class);

    private final LineSink next;
    private final EventLoop loop;
    private final int bytesPerTick;
    private final long capacity;
    private final String what;
    /** Bytes accepted and not yet released (written from any thread, released on the loop). */
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    // loop-confined
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final List<Runnable> waiting = new ArrayList<>(1);
    private int offset; // into the head of the queue
    private ScheduledFuture<?> ticker;

    PacedSink(LineSink next, int baud, EventLoop loop, int capacity, String what) {
        this.next = next;
        this.loop = loop;
        this.bytesPerTick = Math.max(1, baud / 10 / (1000 / TICK_MS));
        this.capacity = capacity;
        this.what = what;
    }

    PacedSink(LineSink next, int baud, EventLoop loop, String what) {
        this(next, baud, loop, DEFAULT_CAPACITY, what);
    }

    @Override
    public void write(byte[] data) {
        if (data.length == 0) {
            return;
        }
        long before = queued.get();
        if (before >= 2 * capacity) {
            if (dropped.getAndAdd(data.length) == 0) {
                LOG.warn("{}: the paced line is full ({} bytes wait); dropping bytes that overrun it", what, before);
            }
            return;
        }
        queued.addAndGet(data.length);
        if (loop.inEventLoop()) {
            enqueue(data);
        } else {
            loop.execute(() -> enqueue(data));
        }
    }

    /**
     * True when there is room for more; otherwise false, and {@code resume} runs on the loop once the
     * queue is down to half its capacity. Call it right after a write.
     */
    boolean room(Runnable resume) {
        if (queued.get() < capacity) {
            return true;
        }
        loop.execute(() -> {
            if (queued.get() < capacity) {
                resume.run();
            } else {
                waiting.add(resume);
            }
        });
        return false;
    }

    /** Bytes lost because the queue was full. */
    long dropped() {
        return dropped.get();
    }

    private void enqueue(byte[] data) {
        queue.add(data);
        if (ticker == null) {
            ticker = loop.scheduleAtFixedRate(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        int budget = bytesPerTick;
        byte[] out = new byte[Math.min(budget, (int) Math.min(Integer.MAX_VALUE, queued.get()))];
        int len = 0;
        while (budget > 0 && !queue.isEmpty()) {
            byte[] head = queue.peek();
            int n = Math.min(budget, head.length - offset);
            if (len + n > out.length) {
                out = java.util.Arrays.copyOf(out, len + n);
            }
            System.arraycopy(head, offset, out, len, n);
            len += n;
            offset += n;
            budget -= n;
            if (offset == head.length) {
                queue.poll();
                offset = 0;
            }
        }
        if (queue.isEmpty() && ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
        long left = queued.addAndGet(-len);
        if (len > 0) {
            next.write(len == out.length ? out : java.util.Arrays.copyOf(out, len));
        }
        if (!waiting.isEmpty() && left <= capacity / 2) {
            List<Runnable> run = new ArrayList<>(waiting);
            waiting.clear();
            run.forEach(Runnable::run);
        }
    }
}
