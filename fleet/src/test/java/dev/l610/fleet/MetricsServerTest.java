package dev.l610.fleet;

import dev.l610.broker.EmbeddedBroker;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /metrics of a running fleet, scraped over HTTP as Prometheus would. */
class MetricsServerTest {

    @Test
    void aRunningFleetIsScrapedInPrometheusTextFormat() throws Exception {
        Behaviour b = Behaviour.parse("publish: {topic: \"m/{imei}\", every: 100ms, count: 1000}\n");
        HttpClient http = HttpClient.newHttpClient();
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral();
             Fleet fleet = Fleet.start(FleetOptions.of(10, broker.address(), b, Duration.ofMinutes(5)).withShard(new Shard(0, 1)));
             MetricsServer m = MetricsServer.start(fleet, new InetSocketAddress("127.0.0.1", 0), Shard.ALL)) {
            URI uri = URI.create("http://127.0.0.1:" + m.address().getPort() + "/metrics");
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
                assertThat(r.body()).contains("l610_fleet_connected{shard=\"0/1\"} 10.0", "l610_fleet_devices{shard=\"0/1\"} 10.0")
                        .containsPattern("l610_fleet_published_total\\{shard=\"0/1\"} [1-9]");
            });
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            fleet.stop();
            assertThat(fleet.finished().get(2, TimeUnit.MINUTES).totals().devices()).isEqualTo(10);
        }
    }
}
