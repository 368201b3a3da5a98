package dev.l610.modem.net;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread that serves every TCP link of the process: no thread per connection.
 * Handlers run on the loop thread and must not block.
 */
public final class NioLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NioLoop.class);

    /** Reacts to readiness of one channel. */
    public interface Handler {
        void ready(SelectionKey key) throws IOException;

        /** The handler failed or the loop closed; release the channel. */
        void failed(Throwable cause);
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    public NioLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} on the loop thread. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Registers a channel (from any thread); the key is attached to the handler. */
    public void register(SelectableChannel ch, int ops, Handler handler) {
        execute(() -> {
            try {
                ch.configureBlocking(false);
                ch.register(selector, ops, handler);
            } catch (IOException | RuntimeException e) {
                handler.failed(e);
            }
        });
    }

    /** Changes the interest set of {@code ch} on the loop thread. */
    public void interest(SelectableChannel ch, int ops) {
        Runnable r = () -> {
            SelectionKey k = ch.keyFor(selector);
            if (k != null && k.isValid()) {
                k.interestOps(ops);
            }
        };
        if (inLoop()) {
            r.run();
        } else {
            execute(r);
        }
    }

    private void run() {
        while (running) {
            try {
                selector.select(1000);
                Runnable t;
                while ((t = tasks.poll()) != null) {
                    try {
                        t.run();
                    } catch (RuntimeException e) {
                        LOG.warn("link task failed", e);
                    }
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Handler h = (Handler) key.attachment();
                    try {
                        if (key.isValid()) {
                            h.ready(key);
                        }
                    } catch (IOException | RuntimeException e) {
                        key.cancel();
                        h.failed(e);
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                LOG.warn("selector loop error", e);
            }
        }
        Runnable t;
        while ((t = tasks.poll()) != null) {
            t.run();
        }
        for (SelectionKey key : selector.keys()) {
            ((Handler) key.attachment()).failed(new IOException("link loop closed"));
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
