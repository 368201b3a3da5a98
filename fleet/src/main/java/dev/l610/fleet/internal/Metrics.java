package dev.l610.fleet.internal;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fleet's measurements, shared by every device on every loop: HdrHistogram recorders (wait-free to
 * record, microseconds) and counters. {@link #tick} runs once a second on one thread: it takes each
 * recorder's interval, adds it to the run's total, and appends a second to the timeline.
 */
public final class Metrics {

    public static final List<String> NAMES = List.of("open", "subscribe", "publish", "message", "recover");

    private final Map<String, Recorder> recorders = new LinkedHashMap<>();
    private final Map<String, Histogram> totals = new LinkedHashMap<>();
    public final AtomicInteger started = new AtomicInteger();
    public final AtomicInteger connected = new AtomicInteger();
    public final LongAdder published = new LongAdder();
    public final LongAdder probeReceived = new LongAdder();
    public final LongAdder errors = new LongAdder();
    public final LongAdder breaks = new LongAdder();
    public final LongAdder reconnects = new LongAdder();
    /** Exposed devices, and those with a host on their line (set by the fleet's timer). */
    public volatile int exposed;
    public volatile int hosts;
    private long lastPublished;
    private long lastReceived;
    private long lastBreaks;
    private final List<dev.l610.fleet.FleetReport.Second> timeline = new ArrayList<>();
    private volatile dev.l610.fleet.Progress progress;

    public Metrics() {
        for (String n : NAMES) {
            recorders.put(n, new Recorder(3));
            Histogram h = new Histogram(3);
            h.setAutoResize(true);
            totals.put(n, h);
        }
    }

    /** Records a latency in nanoseconds. */
    public void record(String name, long nanos) {
        recorders.get(name).recordValue(Math.max(0, nanos / 1000));
    }

    /** Once a second (and once at the end): the interval into the totals and the timeline. */
    public synchronized void tick(double elapsed, int target) {
        Histogram pub = null;
        for (String n : NAMES) {
            Histogram h = recorders.get(n).getIntervalHistogram();
            totals.get(n).add(h);
            if (n.equals("publish")) {
                pub = h;
            }
        }
        long p = published.sum();
        long r = probeReceived.sum();
        long b = breaks.sum();
        double p50 = ms(pub, 50);
        double p99 = ms(pub, 99);
        timeline.add(new dev.l610.fleet.FleetReport.Second(timeline.size() + 1, connected.get(), p - lastPublished, r - lastReceived,
                p50, p99, b - lastBreaks));
        progress = new dev.l610.fleet.Progress(elapsed, target, started.get(), connected.get(), p - lastPublished, p50, p99,
                errors.sum(), b, reconnects.sum(), p, r, exposed, hosts);
        lastPublished = p;
        lastReceived = r;
        lastBreaks = b;
    }

    private static double ms(Histogram h, double percentile) {
        return h == null || h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** The last second's progress line (rates and latencies of that second, counts as they were then). */
    public dev.l610.fleet.Progress lastSecond(int target) {
        dev.l610.fleet.Progress p = progress;
        return p != null ? p : now(0, target);
    }

    /** Counts as they are now; the rates and latencies are the last full second's. */
    public dev.l610.fleet.Progress now(double elapsed, int target) {
        dev.l610.fleet.Progress p = progress;
        return new dev.l610.fleet.Progress(elapsed, target, started.get(), connected.get(), p == null ? 0 : p.messagesPerSecond(),
                p == null ? 0 : p.p50Millis(), p == null ? 0 : p.p99Millis(), errors.sum(), breaks.sum(), reconnects.sum(),
                published.sum(), probeReceived.sum(), exposed, hosts);
    }

    public synchronized List<dev.l610.fleet.FleetReport.Second> timeline() {
        return List.copyOf(timeline);
    }

    /** The run's total histograms (copies). */
    public synchronized Map<String, Histogram> histograms() {
        Map<String, Histogram> out = new LinkedHashMap<>();
        totals.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }
}
