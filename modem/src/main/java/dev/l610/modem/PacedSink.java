package dev.l610.modem;

import java.util.ArrayDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Passes bytes on no faster than a UART would: {@code baud / 10} bytes a second (8N1: ten bits a byte),
 * released every {@value #TICK_MS} ms in order. Used by {@code --throttle} so firmware meets the timing of
 * a real 115200-baud line over TCP or a pty. Writers never block; the queue is theirs to bound.
 */
final class PacedSink implements LineSink {

    static final int TICK_MS = 10;

    private final LineSink next;
    private final ScheduledExecutorService timers;
    private final int bytesPerTick;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int offset; // into the head of the queue
    private ScheduledFuture<?> ticker;

    PacedSink(LineSink next, int baud, ScheduledExecutorService timers) {
        this.next = next;
        this.timers = timers;
        this.bytesPerTick = Math.max(1, baud / 10 / (1000 / TICK_MS));
    }

    @Override
    public synchronized void write(byte[] data) {
        if (data.length == 0) {
            return;
        }
        queue.add(data);
        if (ticker == null) {
            ticker = timers.scheduleAtFixedRate(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        byte[] out;
        synchronized (this) {
            int budget = bytesPerTick;
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(budget);
            while (budget > 0 && !queue.isEmpty()) {
                byte[] head = queue.peek();
                int n = Math.min(budget, head.length - offset);
                b.write(head, offset, n);
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
            out = b.toByteArray();
        }
        if (out.length > 0) {
            next.write(out);
        }
    }
}
