package dev.l610.mqttsn.internal.io;

import dev.l610.mqttsn.MqttSnRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One I/O thread with a selector over many UDP channels, plus one timer thread whose tasks hop onto
 * the I/O thread. Everything a client or gateway does runs on the I/O thread, so their state needs no
 * locks.
 */
public final class EventLoop implements MqttSnRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    private static final AtomicInteger COUNT = new AtomicInteger();
    /** Large enough for any UDP datagram (65507 octets of IPv4 payload), so none is cut. */
    private static final int READ_BUFFER_SIZE = 65536;

    private final Selector selector;
    private final ScheduledThreadPoolExecutor timers;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_SIZE);
    private final Thread thread;
    private volatile boolean closed;

    private EventLoop(String suffix) throws IOException {
        selector = Selector.open();
        timers = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "mqttsn-timer-" + suffix));
        timers.setRemoveOnCancelPolicy(true);
        timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        thread = daemon(this::run, "mqttsn-io-" + suffix);
    }

    public static EventLoop start() {
        try {
            EventLoop loop = new EventLoop(Integer.toString(COUNT.incrementAndGet()));
            loop.thread.start();
            return loop;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the I/O thread; returns {@code false} (and drops it) when the loop is closed. */
    public boolean execute(Runnable task) {
        if (closed) {
            return false;
        }
        tasks.add(task);
        if (closed && tasks.remove(task)) {
            return false; // closed meanwhile and the final drain may be over: the caller handles it
        }
        if (!inLoop()) {
            selector.wakeup();
        }
        return true;
    }

    /** Runs {@code task} on the I/O thread after the delay; cancel the returned handle to drop it. */
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        Cancellable c = new Cancellable();
        Runnable guarded = () -> {
            if (!c.isCancelled()) {
                task.run();
            }
        };
        try {
            c.future(timers.schedule(() -> execute(guarded), delay, unit));
        } catch (RejectedExecutionException e) {
            c.cancel(); // the loop is closing
        }
        return c;
    }

    /** Registers a non-blocking channel for reads. Call from any thread; takes effect on the I/O thread. */
    public void register(DatagramChannel channel, DatagramHandler handler) {
        boolean queued = execute(() -> {
            try {
                channel.register(selector, SelectionKey.OP_READ, handler);
            } catch (ClosedChannelException e) {
                LOG.debug("channel closed before it could be registered");
            }
        });
        if (!queued) {
            closeQuietly(channel);
        }
    }

    /** The loop's shared receive buffer; only for use on the I/O thread, cleared by the user. */
    public ByteBuffer readBuffer() {
        return readBuffer;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timers.shutdownNow();
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (!closed) {
            try {
                selector.select(this::onKey);
            } catch (IOException | RuntimeException e) {
                LOG.warn("selector failure", e);
            }
            runTasks();
        }
        shutDown();
    }

    private void onKey(SelectionKey key) {
        if (!key.isValid() || !key.isReadable()) {
            return;
        }
        try {
            ((DatagramHandler) key.attachment()).onReadable();
        } catch (RuntimeException e) {
            LOG.warn("datagram handler failed", e);
        }
    }

    private void runTasks() {
        for (Runnable r; (r = tasks.poll()) != null; ) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("task failed on the MQTT-SN I/O thread", e);
            }
        }
    }

    private void shutDown() {
        for (SelectionKey key : selector.keys()) {
            try {
                ((DatagramHandler) key.attachment()).onLoopClosed();
            } catch (RuntimeException e) {
                LOG.warn("handler failed while closing", e);
            }
            closeQuietly(key.channel());
        }
        runTasks(); // requests that raced with close() now fail (their clients are closed) instead of hanging
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector", e);
        }
    }

    static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("closing a channel", e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
