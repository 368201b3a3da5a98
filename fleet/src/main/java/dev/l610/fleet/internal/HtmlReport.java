package dev.l610.fleet.internal;

import dev.l610.fleet.FleetReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** A fleet report as one HTML page: totals, latencies, and SVG line plots drawn here (no script, nothing fetched). */
public final class HtmlReport {

    private HtmlReport() {
    }

    public static void write(FleetReport r, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, html(r));
    }

    static String html(FleetReport r) {
        StringBuilder b = new StringBuilder();
        FleetReport.Meta m = r.meta();
        b.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>l610 fleet report</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1000px}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#eee}td:first-child{text-align:left}")
                .append("svg{border:1px solid #ddd;margin:0.5em 0}.l{font-size:11px;fill:#555}</style></head><body>");
        b.append("<h1>l610 fleet report</h1><p>").append(m.count()).append(" devices in the fleet, shards ").append(esc(String.valueOf(m.shards())))
                .append(", broker ").append(esc(m.broker())).append(", started ").append(esc(m.startedAt()))
                .append(String.format(Locale.ROOT, ", ran %.1f s, seed %d.</p>", m.seconds(), m.seed()));
        FleetReport.Totals t = r.totals();
        b.append("<h2>Totals</h2><table>");
        row(b, "devices", t.devices());
        row(b, "connected at the end", t.connectedAtEnd());
        row(b, "published (confirmed by +MQTTPUB)", t.published());
        row(b, "publishes failed", t.publishFailed());
        row(b, "publish times offline (skipped)", t.skipped());
        row(b, "received by the checker", t.received());
        row(b, "lost", t.lost());
        row(b, "duplicates", t.duplicates());
        row(b, "out of order", t.outOfOrder());
        row(b, "probe sent / received", t.probeSent() + " / " + t.probeReceived());
        row(b, "probe lost / duplicates / out of order", t.probeLost() + " / " + t.probeDuplicates() + " / " + t.probeOutOfOrder());
        row(b, "breaks by cause", String.valueOf(t.breaks()));
        row(b, "reconnects", t.reconnects());
        row(b, "gave up", t.gaveUp());
        row(b, "devices with errors", t.errors());
        row(b, "NAT drops", t.natDrops());
        row(b, "devices in the outage", t.outageDevices());
        row(b, "IP address changes", t.ipChanges());
        row(b, "sleep cycles", t.sleeps());
        b.append("</table><h2>Latency as the firmware sees it (ms)</h2><table><tr><th>what</th><th>count</th><th>p50</th><th>p90</th>")
                .append("<th>p99</th><th>max</th><th>mean</th></tr>");
        r.latency().forEach((k, l) -> b.append(String.format(Locale.ROOT,
                "<tr><td>%s</td><td>%d</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td></tr>",
                esc(label(k)), l.count(), l.p50(), l.p90(), l.p99(), l.max(), l.mean())));
        b.append("</table><h2>Over time</h2>");
        List<FleetReport.Second> s = r.timeline();
        plot(b, "connected devices", s, List.of(FleetReport.Second::connected), List.of("connected"));
        plot(b, "publishes confirmed per second", s, List.of(FleetReport.Second::published, FleetReport.Second::received),
                List.of("published", "probe messages received"));
        plot(b, "publish outcome latency (ms)", s, List.of(FleetReport.Second::p50, FleetReport.Second::p99), List.of("p50", "p99"));
        plot(b, "breaks per second", s, List.of(FleetReport.Second::breaks), List.of("breaks"));
        b.append("</body></html>\n");
        return b.toString();
    }

    private static String label(String k) {
        return switch (k) {
            case "open" -> "AT+MQTTOPEN → +MQTTOPEN: <id>,1";
            case "subscribe" -> "AT+MQTTSUB → +MQTTSUB: <id>,1";
            case "publish" -> "AT+MQTTPUB → +MQTTPUB: <id>,1";
            case "message" -> "probe publish → +MQTTMSG";
            case "recover" -> "+MQTTBREAK → open again";
            default -> k;
        };
    }

    private static void row(StringBuilder b, String k, Object v) {
        b.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(String.valueOf(v))).append("</td></tr>");
    }

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c"};

    private static void plot(StringBuilder b, String title, List<FleetReport.Second> s, List<ToDoubleFunction<FleetReport.Second>> series,
                             List<String> names) {
        int w = 900;
        int h = 220;
        int left = 60;
        int bottom = 30;
        double max = 0;
        for (ToDoubleFunction<FleetReport.Second> f : series) {
            for (FleetReport.Second x : s) {
                max = Math.max(max, f.applyAsDouble(x));
            }
        }
        max = max <= 0 ? 1 : max * 1.05;
        int n = Math.max(1, s.size());
        b.append("<h3>").append(esc(title)).append("</h3>");
        b.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", w, h, w, h));
        for (int i = 0; i <= 4; i++) {
            double y = 10 + (h - bottom - 10) * i / 4.0;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>", left, y, w - 10, y));
            b.append(String.format(Locale.ROOT, "<text class=\"l\" x=\"4\" y=\"%.1f\">%s</text>", y + 4, fmt(max * (4 - i) / 4)));
        }
        b.append(String.format(Locale.ROOT, "<text class=\"l\" x=\"%d\" y=\"%d\">0 s</text><text class=\"l\" x=\"%d\" y=\"%d\">%d s</text>",
                left, h - 10, w - 50, h - 10, s.size()));
        for (int k = 0; k < series.size(); k++) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.size(); i++) {
                double x = left + (w - 10 - left) * (n == 1 ? 0 : i / (double) (n - 1));
                double y = 10 + (h - bottom - 10) * (1 - series.get(k).applyAsDouble(s.get(i)) / max);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            String c = COLOURS[k % COLOURS.length];
            b.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(c).append("\" points=\"").append(pts).append("\"/>");
            b.append(String.format(Locale.ROOT, "<text class=\"l\" x=\"%d\" y=\"%d\" style=\"fill:%s\">%s</text>", left + 10 + k * 180, 22, c,
                    esc(names.get(k))));
        }
        b.append("</svg>");
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
