package dev.l610.fleet.internal;

import dev.l610.fleet.Behaviour;
import dev.l610.fleet.Fleet;
import dev.l610.fleet.FleetOptions;
import dev.l610.fleet.FleetReport;
import dev.l610.fleet.Imei;
import dev.l610.fleet.Progress;
import dev.l610.modem.ModemRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** The fleet's run: devices, checker, probe, the cellular events on a timer, and the end with its report. */
public final class FleetImpl implements Fleet {

    private static final Logger LOG = LoggerFactory.getLogger(FleetImpl.class);
    /** How long the end waits for messages still on their way (probe, checker); a bound, not a pace. */
    private static final Duration DRAIN = Duration.ofSeconds(Long.getLong("l610.fleet.drainSeconds", 5));

    private final Run run;
    private final FleetOptions options;
    private final ModemRuntime runtime;
    private final List<Device> devices = new ArrayList<>();
    /** The first devices of this process when {@code expose} is set: lines for real firmware. */
    private final List<Exposed> exposed = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "l610-fleet-timer");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<FleetReport> finished = new CompletableFuture<>();
    private final AtomicBoolean ending = new AtomicBoolean();
    private final Instant startedAt = Instant.now();
    private final Consumer<Progress> everySecond;
    /** The ramp's pacer: starts the devices that are due, once per device's interval, between 1 ms and 100 ms. */
    private volatile java.util.concurrent.ScheduledFuture<?> ramp;
    private Checker checker;
    private Probe probe;

    private FleetImpl(FleetOptions options, Consumer<Progress> everySecond) {
        this.options = options;
        this.everySecond = everySecond;
        this.run = new Run(options);
        this.runtime = options.loops() == 0 ? ModemRuntime.create() : ModemRuntime.create(options.loops());
    }

    public static Fleet start(FleetOptions options, Consumer<Progress> everySecond) {
        FleetImpl f = new FleetImpl(options, everySecond);
        try {
            f.begin();
        } catch (RuntimeException e) {
            f.dispose();
            throw e;
        }
        return f;
    }

    private void begin() {
        Behaviour b = options.behaviour();
        int first = options.shard().first(options.count());
        int end = options.shard().end(options.count());
        List<String> profiles = new ArrayList<>(b.timing().keySet());
        double[] shares = b.timing().values().stream().mapToDouble(Double::doubleValue).toArray();
        int exposedEnd = first + (options.expose() == null ? 0 : options.expose().exposedOf(end - first));
        for (int g = first; g < end; g++) {
            String imei = Imei.of(options.imeiBase(), g);
            String timing = profiles.get(pick(shares, b.seed(), g));
            if (g < exposedEnd) {
                exposed.add(Exposed.start(run, runtime, g, imei, timing, options.expose()));
            } else {
                devices.add(new Device(run, runtime, g, imei, timing));
            }
        }
        run.metrics.exposed = exposed.size();
        String tag = "l610-fleet-" + Long.toHexString(System.nanoTime() & 0xffffff) + "-" + options.shard().index();
        // the checker subscribes with the devices' QoS: at QoS 2 "no duplicates" is then the broker's promise end to end
        // exposed devices are accounted for too (after the light ones), when their firmware publishes as the behaviour does
        if (b.verify() && !b.publish().every().isZero() && !(devices.isEmpty() && exposed.isEmpty())) {
            List<String> topics = new ArrayList<>(devices.stream().map(d -> d.topicUp).toList());
            exposed.forEach(e -> topics.add(e.topicUp));
            checker = new Checker(options.broker(), tag + "-check", run.publishTopic, run.payload, topics, b.publish().qos());
        }
        if (!b.probe().every().isZero() && !devices.isEmpty()) {
            probe = new Probe(options.broker(), tag + "-probe", devices, b.subscribe().get(0).qos(), b.probe().every());
        }
        double rate = b.ramp().rate();
        if (rate <= 0) {
            devices.forEach(Device::start);
        } else {
            // one pacer, not a timer per device: 18,000 start tasks queued at once would sit in the event loops'
            // timer queues, and every command timer of the ramp would pay for their depth
            long t0 = System.nanoTime();
            int[] next = {0};
            ramp = timer.scheduleAtFixedRate(() -> {
                int due = (int) Math.min(devices.size(), (long) ((System.nanoTime() - t0) / 1e9 * rate) + 1);
                while (next[0] < due) {
                    devices.get(next[0]++).start();
                }
                java.util.concurrent.ScheduledFuture<?> self = ramp;
                if (next[0] == devices.size() && self != null) {
                    self.cancel(false);
                }
            }, 0, (long) Math.max(1_000, Math.min(100_000, 1e6 / rate)), TimeUnit.MICROSECONDS);
        }
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        Behaviour.Outage o = b.cellular().outage();
        if (o != null) {
            timer.schedule(() -> outage(o), o.at().toNanos(), TimeUnit.NANOSECONDS);
        }
        if (!options.duration().isZero()) {
            timer.schedule(this::stop, options.duration().toNanos(), TimeUnit.NANOSECONDS);
        } else {
            CompletableFuture.allOf(devices.stream().map(d -> d.done).toArray(CompletableFuture[]::new)).thenRun(this::stop);
        }
    }

    /** The timing profile of device {@code g}: drawn by its shares from the seed, the same in every shard. */
    private static int pick(double[] shares, long seed, int g) {
        if (shares.length == 1) {
            return 0;
        }
        double sum = 0;
        for (double s : shares) {
            sum += s;
        }
        double u = new Random(seed * 7_919L + g).nextDouble() * sum;
        for (int i = 0; i < shares.length; i++) {
            u -= shares[i];
            if (u < 0) {
                return i;
            }
        }
        return shares.length - 1;
    }

    /** The outage's devices, drawn over the whole fleet from the seed (so every shard agrees). */
    private void outage(Behaviour.Outage o) {
        Random r = new Random(options.behaviour().seed() * 104_729L);
        int first = options.shard().first(options.count());
        int end = options.shard().end(options.count());
        for (int g = 0; g < end; g++) {
            boolean hit = r.nextDouble() < o.fraction();
            if (hit && g >= first) {
                int i = g - first;
                if (i < exposed.size()) {
                    exposed.get(i).outage(o.duration());
                } else {
                    devices.get(i - exposed.size()).outage(o.duration());
                }
            }
        }
    }

    private void tick() {
        try {
            countHosts();
            run.metrics.tick(run.elapsedSeconds(), devices.size());
            if (everySecond != null) {
                everySecond.accept(run.metrics.lastSecond(devices.size()));
            }
        } catch (RuntimeException e) {
            LOG.warn("progress failed", e);
        }
    }

    private void countHosts() {
        int hosts = 0;
        for (Exposed e : exposed) {
            hosts += e.hostConnected() ? 1 : 0;
        }
        run.metrics.hosts = hosts;
    }

    @Override
    public java.util.Map<Integer, String> exposedLines() {
        java.util.Map<Integer, String> m = new java.util.LinkedHashMap<>();
        exposed.forEach(e -> m.put(e.index, e.line));
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public Progress progress() {
        return run.metrics.now(run.elapsedSeconds(), devices.size());
    }

    @Override
    public CompletableFuture<FleetReport> finished() {
        return finished;
    }

    @Override
    public void stop() {
        if (!ending.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(this::end, "l610-fleet-end");
        t.setDaemon(true);
        t.start();
    }

    /** The end: probe drained, devices stopped and closed, checker drained, the report. Off the loops. */
    private void end() {
        try {
            java.util.concurrent.ScheduledFuture<?> r = ramp;
            if (r != null) {
                r.cancel(false);
            }
            double seconds = run.elapsedSeconds();
            long[] probeSent = new long[devices.size()];
            if (probe != null) {
                probeSent = probe.stop();
                long want = java.util.Arrays.stream(probeSent).sum();
                waitFor(() -> run.metrics.probeReceived.sum() >= want);
            }
            devices.forEach(Device::stop);
            CompletableFuture.allOf(devices.stream().map(d -> d.closed).toArray(CompletableFuture[]::new))
                    .orTimeout(DRAIN.toSeconds() * 6, TimeUnit.SECONDS).exceptionally(e -> null).join();
            if (checker != null) {
                List<BitSet> confirmed = new ArrayList<>();
                for (Device d : devices) {
                    confirmed.add(d.call(() -> (BitSet) d.confirmed.clone()).join());
                }
                waitFor(() -> checker.hasAll(confirmed));
            }
            timer.shutdownNow();
            countHosts();
            run.metrics.tick(run.elapsedSeconds(), devices.size());
            List<FleetReport.DeviceRow> rows = new ArrayList<>();
            long skipped = 0;
            for (int i = 0; i < devices.size(); i++) {
                Device d = devices.get(i);
                Checker.Counts c = checker == null ? null : checker.counts(i);
                long ps = probeSent[i];
                rows.add(d.call(() -> d.row(c, ps)).join());
                skipped += d.call(d::skipped).join();
            }
            for (int i = 0; i < exposed.size(); i++) {
                rows.add(exposed.get(i).row(checker == null ? null : checker.counts(devices.size() + i)).join());
            }
            rows.sort(java.util.Comparator.comparingInt(FleetReport.DeviceRow::index));
            FleetReport.Meta meta = new FleetReport.Meta(options.count(), List.of(options.shard().toString()),
                    options.broker().getHostString() + ":" + options.broker().getPort(), options.duration().toMillis() / 1000.0,
                    seconds, startedAt.toString(), options.behaviour().seed());
            finished.complete(Reports.build(meta, rows, skipped, run.metrics.histograms(), run.metrics.timeline()));
        } catch (RuntimeException | Error e) {
            LOG.error("the fleet's end failed", e);
            finished.completeExceptionally(e);
        } finally {
            dispose();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void dispose() {
        timer.shutdownNow();
        if (probe != null) {
            probe.close();
        }
        if (checker != null) {
            checker.close();
        }
        for (Device d : devices) {
            try {
                d.dispose();
            } catch (RuntimeException e) {
                LOG.debug("closing device {}", d.index, e);
            }
        }
        for (Exposed e : exposed) {
            try {
                e.dispose();
            } catch (RuntimeException x) {
                LOG.debug("closing exposed device {}", e.index, x);
            }
        }
        runtime.close();
    }

    @Override
    public void close() {
        stop();
        try {
            finished.join();
        } catch (RuntimeException e) {
            // reported by finished()
        }
    }
}
