package dev.l610.fleet;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus metrics of a running fleet at {@code http://HOST:PORT/metrics} (Micrometer's Prometheus
 * registry, text format), updated once a second with the progress; each series carries the shard as a tag.
 */
public final class MetricsServer implements AutoCloseable {

    private final HttpServer server;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private MetricsServer(Fleet fleet, InetSocketAddress address, String shard) throws IOException {
        registry.config().commonTags("shard", shard);
        gauge("l610_fleet_devices", "devices of this process", fleet, p -> p.target());
        gauge("l610_fleet_started", "devices whose bring-up has begun", fleet, p -> p.started());
        gauge("l610_fleet_connected", "devices with an open MQTT client", fleet, p -> p.connected());
        gauge("l610_fleet_publish_rate", "publishes confirmed in the last second", fleet, Progress::messagesPerSecond);
        gauge("l610_fleet_publish_latency_p50_seconds", "AT+MQTTPUB to +MQTTPUB outcome, last second, median", fleet,
                p -> p.p50Millis() / 1000);
        gauge("l610_fleet_publish_latency_p99_seconds", "AT+MQTTPUB to +MQTTPUB outcome, last second, 99th percentile", fleet,
                p -> p.p99Millis() / 1000);
        counter("l610_fleet_published", "publishes confirmed", fleet, p -> p.published());
        counter("l610_fleet_probe_received", "probe messages devices received", fleet, p -> p.probeReceived());
        counter("l610_fleet_breaks", "+MQTTBREAK reports", fleet, p -> p.breaks());
        counter("l610_fleet_reconnects", "breaks followed by a successful open", fleet, p -> p.reconnects());
        counter("l610_fleet_errors", "failed commands, refused opens, give-ups", fleet, p -> p.errors());
        server = HttpServer.create(address, 16);
        server.createContext("/metrics", ex -> {
            try (ex) {
                if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                    ex.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(body);
                }
            }
        });
        server.createContext("/", ex -> {
            try (ex) {
                byte[] body = "l610 fleet: metrics at /metrics\n".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(404, body.length);
                ex.getResponseBody().write(body);
            }
        });
        server.start();
    }

    /**
     * Serves {@code /metrics} of {@code fleet} on {@code address} (port 0 picks a free one).
     *
     * @throws IOException when the address cannot be bound
     */
    public static MetricsServer start(Fleet fleet, InetSocketAddress address, Shard shard) throws IOException {
        return new MetricsServer(fleet, address, shard.toString());
    }

    private void gauge(String name, String help, Fleet f, ToDoubleFunction<Progress> v) {
        Gauge.builder(name, f, x -> v.applyAsDouble(x.progress())).description(help).register(registry);
    }

    private void counter(String name, String help, Fleet f, ToDoubleFunction<Progress> v) {
        FunctionCounter.builder(name, f, x -> v.applyAsDouble(x.progress())).description(help).register(registry);
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        registry.close();
    }
}
