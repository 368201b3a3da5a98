package dev.l610.modem;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that many modems share: a small worker pool that runs each modem's events one at a
 * time (see {@link SerialExecutor}) and one timer thread. No thread per modem or per connection.
 */
public final class ModemRuntime implements AutoCloseable {

    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private volatile dev.l610.modem.net.NioLoop net;
    private volatile dev.l610.mqttsn.MqttSnRuntime sn;

    private ModemRuntime(int threads) {
        this.workers = Executors.newFixedThreadPool(threads, daemon("l610-modem"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("l610-timer"));
    }

    /** A runtime with one worker per core. */
    public static ModemRuntime create() {
        return new ModemRuntime(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    public static ModemRuntime create(int threads) {
        return new ModemRuntime(threads);
    }

    public ExecutorService workers() {
        return workers;
    }

    public ScheduledExecutorService timers() {
        return timers;
    }

    /** The selector thread shared by the bearers of all modems (created on first use). */
    public dev.l610.modem.net.NioLoop netLoop() {
        dev.l610.modem.net.NioLoop n = net;
        if (n == null) {
            synchronized (this) {
                if (net == null) {
                    net = new dev.l610.modem.net.NioLoop("l610-net");
                }
                n = net;
            }
        }
        return n;
    }

    /** The MQTT-SN I/O thread and timers shared by the MQTT-SN clients of all modems (created on first use). */
    public dev.l610.mqttsn.MqttSnRuntime snRuntime() {
        dev.l610.mqttsn.MqttSnRuntime r = sn;
        if (r == null) {
            synchronized (this) {
                if (sn == null) {
                    sn = dev.l610.mqttsn.MqttSnRuntime.create();
                }
                r = sn;
            }
        }
        return r;
    }

    /** A new serial executor on the shared workers, for one modem or one connection. */
    public SerialExecutor newSerialExecutor() {
        return new SerialExecutor(workers);
    }

    @Override
    public void close() {
        if (net != null) {
            net.close();
        }
        if (sn != null) {
            try {
                sn.close();
            } catch (Exception ignored) {
                // closing
            }
        }
        timers.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
