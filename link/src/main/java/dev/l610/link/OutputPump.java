package dev.l610.link;

import dev.l610.modem.LineSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The modem's output to a stream that may block (stdout, a pty, a serial port): the modem's loop only
 * queues, a thread of this pump writes. The queue is bounded by bytes. A host that does not read is like
 * the far end of a UART without flow control: bytes are lost, and this line loses the oldest waiting ones,
 * so what a host finds when it reads again is the modem's latest output. Lost bytes are counted.
 */
final class OutputPump implements LineSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);

    private final String name;
    private final OutputStream out;
    private final long maxBytes;
    private final Consumer<IOException> onError;
    private final Thread thread;
    // guarded by queue
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private long queuedBytes;
    private long accepted; // bytes ever queued
    private long done; // bytes written or dropped, in queue order
    private long dropped;
    private boolean closed;

    private record Waiter(long upTo, CompletableFuture<Void> future) {
    }

    /**
     * @param onError told of a failed write on the pump's thread (it may pause there); the chunk is lost
     */
    OutputPump(String name, OutputStream out, long maxBytes, Consumer<IOException> onError) {
        this.name = name;
        this.out = out;
        this.maxBytes = maxBytes;
        this.onError = onError;
        this.thread = new Thread(this::run, "l610-" + name + "-write");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code data}; never blocks. */
    @Override
    public void write(byte[] data) {
        if (data.length == 0) {
            return;
        }
        synchronized (queue) {
            if (closed) {
                return;
            }
            queue.add(data);
            queuedBytes += data.length;
            accepted += data.length;
            while (queuedBytes > maxBytes && queue.size() > 1) {
                byte[] old = queue.poll();
                queuedBytes -= old.length;
                done += old.length;
                if (dropped == 0) {
                    LOG.warn("nobody reads the {} line: dropping the oldest modem output", name);
                }
                dropped += old.length;
            }
            queue.notifyAll();
        }
    }

    /** Bytes lost because the host did not read. */
    long droppedBytes() {
        synchronized (queue) {
            return dropped;
        }
    }

    /** Completes once every byte queued before this call has been written (or lost). */
    CompletableFuture<Void> drained() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (queue) {
            if (done >= accepted || closed) {
                f.complete(null);
            } else {
                waiters.add(new Waiter(accepted, f));
            }
        }
        return f;
    }

    private void run() {
        while (true) {
            byte[] next;
            synchronized (queue) {
                while (queue.isEmpty() && !closed) {
                    try {
                        queue.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                next = queue.poll();
                queuedBytes -= next.length;
            }
            try {
                out.write(next); // may block while the host does not read
                out.flush();
            } catch (IOException e) {
                synchronized (queue) {
                    dropped += next.length;
                }
                onError.accept(e);
            }
            finished(next.length);
        }
    }

    private void finished(int n) {
        List<Waiter> ready = new ArrayList<>();
        synchronized (queue) {
            done += n;
            waiters.removeIf(w -> w.upTo() <= done && ready.add(w));
        }
        ready.forEach(w -> w.future().complete(null));
    }

    @Override
    public void close() {
        List<Waiter> left;
        synchronized (queue) {
            closed = true;
            queue.clear();
            left = new ArrayList<>(waiters);
            waiters.clear();
            queue.notifyAll();
        }
        left.forEach(w -> w.future().complete(null));
        thread.interrupt();
    }
}
