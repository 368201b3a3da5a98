package dev.l610.link;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Transcript entries appended to a file off the modem's loop: the loop only queues (bounded by
 * characters), and one task at a time on a blocking executor writes what is queued and flushes. When the
 * disk cannot keep up and the queue is full, new entries are dropped and counted ({@link #dropped()});
 * a failing disk is reported once and the transcript goes on without the file.
 */
final class FileEntries implements TranscriptEntries {

    private static final Logger LOG = LoggerFactory.getLogger(FileEntries.class);

    private final Writer writer;
    private final Executor executor;
    private final long maxChars;
    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedChars = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Guards the writer: the drain task and close, never the modem's loop. */
    private final Object writing = new Object();
    private boolean failed;
    private volatile boolean closed;

    FileEntries(Writer writer, Executor executor, long maxChars) {
        this.writer = writer;
        this.executor = executor;
        this.maxChars = maxChars;
    }

    @Override
    public void add(String line) {
        if (closed) {
            return;
        }
        if (queuedChars.get() + line.length() > maxChars) {
            if (dropped.getAndIncrement() == 0) {
                LOG.warn("transcript: the file does not keep up; dropping entries");
            }
            return;
        }
        queuedChars.addAndGet(line.length());
        queue.add(line);
        schedule();
    }

    /** Entries lost because the file did not keep up. */
    long dropped() {
        return dropped.get();
    }

    private void schedule() {
        if (!scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::drainTask);
        } catch (RejectedExecutionException e) {
            scheduled.set(false); // the pool is busy: the next entry tries again, close writes the rest
        }
    }

    private void drainTask() {
        drain();
        scheduled.set(false);
        if (!queue.isEmpty()) {
            schedule();
        }
    }

    private void drain() {
        synchronized (writing) {
            if (closed) {
                return;
            }
            String line;
            while ((line = queue.poll()) != null) {
                queuedChars.addAndGet(-line.length());
                if (!failed) {
                    try {
                        writer.write(line);
                    } catch (IOException e) {
                        failed(e);
                    }
                }
            }
            if (!failed) {
                try {
                    writer.flush();
                } catch (IOException e) {
                    failed(e);
                }
            }
        }
    }

    /** A full disk must not stop the modem: say it once and go on without the file. */
    private void failed(IOException e) {
        failed = true;
        LOG.error("transcript write failed: {}", e.getMessage());
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() {
        drain();
        synchronized (writing) {
            closed = true;
            try {
                writer.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
