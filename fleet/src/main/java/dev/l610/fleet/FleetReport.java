package dev.l610.fleet;

import dev.l610.fleet.internal.Reports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a fleet run measured, as its devices' firmware saw it: JSON ({@link #write}), and merged over
 * shards ({@link #merge}). Latencies are in milliseconds; {@code histograms} holds each latency's
 * HdrHistogram (compressed, base64), so a merge gives exact percentiles.
 *
 * @param meta what ran
 * @param totals counts of the whole report
 * @param latency per measurement ({@code open}, {@code subscribe}, {@code publish}, {@code message},
 *                {@code recover}): count and percentiles
 * @param timeline one entry per second of the run
 * @param devices one row per device, by index
 * @param histograms the encoded histograms behind {@code latency}
 */
public record FleetReport(Meta meta, Totals totals, Map<String, Latency> latency, List<Second> timeline,
                          List<DeviceRow> devices, Map<String, String> histograms) {

    /**
     * @param count devices in the whole fleet
     * @param shards the shards this report covers ({@code i/n})
     * @param broker the broker address
     * @param durationSeconds the run's duration as asked (0: until every device published its count)
     * @param seconds how long it ran
     * @param startedAt ISO-8601 start
     * @param seed the behaviour's seed
     */
    public record Meta(int count, List<String> shards, String broker, double durationSeconds, double seconds,
                       String startedAt, long seed) {
    }

    /**
     * @param devices devices in this report
     * @param connectedAtEnd with an open client when the run ended
     * @param published publishes confirmed by their outcome ({@code +MQTTPUB: <id>,1})
     * @param publishFailed publishes whose outcome was a failure (status 0, a break, a timeout)
     * @param skipped publish times that found the device offline
     * @param received distinct confirmed-or-not messages the checker on the broker received
     * @param lost confirmed publishes the checker never received
     * @param duplicates messages the checker received more than once
     * @param outOfOrder messages the checker received after a later one of the same device
     * @param probeSent probe messages stamped to devices
     * @param probeReceived distinct probe messages devices received ({@code +MQTTMSG} / {@code +MQTTREAD})
     * @param probeLost probe messages a device never received
     * @param probeDuplicates probe messages a device received more than once
     * @param probeOutOfOrder probe messages a device received after a later one
     * @param breaks {@code +MQTTBREAK} reports by cause (1 broker, 2 data link, 3 not registered)
     * @param reconnects breaks followed by a successful open
     * @param gaveUp devices that used up their reconnect tries (or never registered)
     * @param errors failed commands and refused opens
     * @param natDrops connections dropped by the NAT idle timeout
     * @param outageDevices devices hit by the cell outage
     * @param ipChanges reconnects that found another IP address ({@code AT+MIPCALL?})
     * @param sleeps sleep cycles done (radio off and on, open again)
     */
    public record Totals(long devices, long connectedAtEnd, long published, long publishFailed, long skipped, long received,
                         long lost, long duplicates, long outOfOrder, long probeSent, long probeReceived, long probeLost,
                         long probeDuplicates, long probeOutOfOrder, Map<String, Long> breaks, long reconnects, long gaveUp,
                         long errors, long natDrops, long outageDevices, long ipChanges, long sleeps) {
    }

    /** Milliseconds. */
    public record Latency(long count, double p50, double p90, double p99, double max, double mean) {
    }

    /**
     * One second of the run.
     *
     * @param t seconds since the start
     * @param connected devices connected at its end
     * @param published publishes confirmed in it
     * @param received probe messages devices received in it
     * @param p50 publish outcome latency in it, median, ms
     * @param p99 the same, 99th percentile (a merge keeps the highest of the shards)
     * @param breaks breaks in it
     */
    public record Second(int t, long connected, long published, long received, double p50, double p99, long breaks) {
    }

    /** One device's counts. */
    public record DeviceRow(int index, String imei, String clientId, boolean connected, long published, long publishFailed,
                            long received, long lost, long duplicates, long outOfOrder, long probeSent, long probeReceived,
                            long probeDuplicates, long probeOutOfOrder, int breaks, int reconnects, List<Integer> breakCauses,
                            boolean gaveUp, boolean outage, int natDrops, int ipChanges, int sleeps, String lastError) {
    }

    /** Writes this report as JSON. */
    public void write(Path file) throws IOException {
        Reports.write(this, file);
    }

    /** Writes a self-contained HTML page of this report: tables and inline SVG plots, nothing fetched. */
    public void writeHtml(Path file) throws IOException {
        dev.l610.fleet.internal.HtmlReport.write(this, file);
    }

    public String toJson() {
        return Reports.json(this);
    }

    public static FleetReport read(Path file) throws IOException {
        return Reports.read(file);
    }

    /** One report of several (shards of one fleet): counts added, histograms merged, devices by index. */
    public static FleetReport merge(List<FleetReport> reports) {
        return Reports.merge(reports);
    }
}
