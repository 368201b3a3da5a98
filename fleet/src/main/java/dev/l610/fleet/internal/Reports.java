package dev.l610.fleet.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.l610.fleet.FleetReport;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;

/** Reports: built from a run, written and read as JSON, merged over shards. */
public final class Reports {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Reports() {
    }

    static FleetReport build(FleetReport.Meta meta, List<FleetReport.DeviceRow> rows, long skipped, Map<String, Histogram> histograms,
                             List<FleetReport.Second> timeline) {
        Map<String, String> encoded = new LinkedHashMap<>();
        histograms.forEach((k, h) -> encoded.put(k, encode(h)));
        return new FleetReport(meta, totals(rows, skipped), latencies(histograms), timeline, rows, encoded);
    }

    private static FleetReport.Totals totals(List<FleetReport.DeviceRow> rows, long skipped) {
        long connected = 0, published = 0, failed = 0, received = 0, lost = 0, dups = 0, ooo = 0, pSent = 0, pRecv = 0, pDup = 0, pOoo = 0;
        long reconnects = 0, gaveUp = 0, errors = 0, nat = 0, outage = 0, ip = 0, sleeps = 0;
        Map<String, Long> breaks = new TreeMap<>();
        for (FleetReport.DeviceRow r : rows) {
            connected += r.connected() ? 1 : 0;
            published += r.published();
            failed += r.publishFailed();
            received += r.received();
            lost += r.lost();
            dups += r.duplicates();
            ooo += r.outOfOrder();
            pSent += r.probeSent();
            pRecv += r.probeReceived();
            pDup += r.probeDuplicates();
            pOoo += r.probeOutOfOrder();
            reconnects += r.reconnects();
            gaveUp += r.gaveUp() ? 1 : 0;
            errors += r.lastError() != null ? 1 : 0;
            nat += r.natDrops();
            outage += r.outage() ? 1 : 0;
            ip += r.ipChanges();
            sleeps += r.sleeps();
            for (int c : r.breakCauses()) {
                breaks.merge(String.valueOf(c), 1L, Long::sum);
            }
        }
        return new FleetReport.Totals(rows.size(), connected, published, failed, skipped, received, lost, dups, ooo, pSent, pRecv,
                Math.max(0, pSent - pRecv), pDup, pOoo, breaks, reconnects, gaveUp, errors, nat, outage, ip, sleeps);
    }

    private static Map<String, FleetReport.Latency> latencies(Map<String, Histogram> histograms) {
        Map<String, FleetReport.Latency> out = new LinkedHashMap<>();
        histograms.forEach((k, h) -> out.put(k, h.getTotalCount() == 0 ? new FleetReport.Latency(0, 0, 0, 0, 0, 0)
                : new FleetReport.Latency(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()), Math.round(h.getMean()) / 1000.0)));
        return out;
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    static String encode(Histogram h) {
        ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(b);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b.array(), n));
    }

    static Histogram decode(String s) {
        try {
            Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(s)), 0);
            h.setAutoResize(true);
            return h;
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IllegalArgumentException("a report's histogram cannot be decoded: " + e.getMessage(), e);
        }
    }

    public static String json(FleetReport r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(FleetReport r, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, json(r));
    }

    public static FleetReport read(Path file) throws IOException {
        try {
            FleetReport r = JSON.readValue(file.toFile(), FleetReport.class);
            if (r.meta() == null || r.totals() == null || r.devices() == null) {
                throw new IOException(file + " is not a fleet report (no meta, totals or devices)");
            }
            return r;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + " is not a fleet report: " + e.getOriginalMessage(), e);
        }
    }

    public static FleetReport merge(List<FleetReport> reports) {
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        FleetReport.Meta m0 = reports.get(0).meta();
        List<String> shards = new ArrayList<>();
        List<FleetReport.DeviceRow> rows = new ArrayList<>();
        Map<String, Histogram> hist = new LinkedHashMap<>();
        TreeMap<Integer, FleetReport.Second> seconds = new TreeMap<>();
        long skipped = 0;
        double longest = 0;
        java.util.Set<Integer> indices = new java.util.HashSet<>();
        for (FleetReport r : reports) {
            if (r.meta().count() != m0.count()) {
                throw new IllegalArgumentException("reports of fleets of different sizes: " + m0.count() + " and " + r.meta().count());
            }
            shards.addAll(r.meta().shards());
            for (FleetReport.DeviceRow d : r.devices()) {
                if (!indices.add(d.index())) {
                    throw new IllegalArgumentException("device " + d.index() + " is in two reports (the same shard twice?)");
                }
                rows.add(d);
            }
            skipped += r.totals().skipped();
            longest = Math.max(longest, r.meta().seconds());
            r.histograms().forEach((k, v) -> hist.merge(k, decode(v), (a, b) -> {
                a.add(b);
                return a;
            }));
            for (FleetReport.Second s : r.timeline()) {
                seconds.merge(s.t(), s, (a, b) -> new FleetReport.Second(a.t(), a.connected() + b.connected(), a.published() + b.published(),
                        a.received() + b.received(), Math.max(a.p50(), b.p50()), Math.max(a.p99(), b.p99()), a.breaks() + b.breaks()));
            }
        }
        rows.sort(Comparator.comparingInt(FleetReport.DeviceRow::index));
        FleetReport.Meta meta = new FleetReport.Meta(m0.count(), shards, m0.broker(), m0.durationSeconds(), longest, m0.startedAt(), m0.seed());
        return build(meta, rows, skipped, hist, new ArrayList<>(seconds.values()));
    }
}
