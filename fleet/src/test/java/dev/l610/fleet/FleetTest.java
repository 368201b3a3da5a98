package dev.l610.fleet;

import dev.l610.broker.EmbeddedBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Fleets against the embedded broker, through real sockets: every message accounted for. */
class FleetTest {

    static EmbeddedBroker broker;

    @BeforeAll
    static void broker() {
        broker = EmbeddedBroker.startEphemeral();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static FleetReport run(FleetOptions o) {
        try (Fleet f = Fleet.start(o)) {
            return f.finished().orTimeout(5, TimeUnit.MINUTES).join();
        }
    }

    @Test
    void aFleetOfAFewHundredAccountsForEveryMessageAtQos2() {
        Behaviour b = Behaviour.parse("""
                mqtt: {clientId: "t-{index}", user: "u{imei}", password: "p{index}", keepAlive: 60}
                subscribe: [{topic: "t/{imei}/down", qos: 1}]
                publish: {topic: "t/{imei}/up", qos: ${FQOS}, every: 200ms, jitter: 50ms, count: 5,
                          payload: '{"i":"{imei}","s":{seq},"ts":{ts},"r":"{random:8}"}'}
                probe: {every: 300ms}
                ramp: {rate: 2000}
                """.replace("${FQOS}", System.getProperty("fqos", "2")));
        int n = Integer.getInteger("fn", 300);
        FleetReport r = run(FleetOptions.of(n, broker.address(), b, Duration.ZERO));

        FleetReport.Totals t = r.totals();
        assertThat(t.devices()).isEqualTo(n);
        assertThat(t.gaveUp()).isZero();
        assertThat(t.publishFailed()).as("errors: %s", r.devices().stream().map(FleetReport.DeviceRow::lastError)
                .filter(java.util.Objects::nonNull).distinct().limit(5).toList()).isZero();
        assertThat(t.publishFailed()).isZero();
        assertThat(t.published()).isEqualTo(n * 5L);
        assertThat(t.received()).isEqualTo(t.published());
        assertThat(t.lost()).isZero();
        assertThat(t.duplicates()).isZero();
        assertThat(t.outOfOrder()).isZero();
        assertThat(t.probeSent()).isPositive();
        assertThat(t.probeReceived()).isEqualTo(t.probeSent());
        assertThat(t.probeDuplicates()).isZero();
        assertThat(r.latency().get("open").count()).isEqualTo(n);
        assertThat(r.latency().get("subscribe").count()).isEqualTo(n);
        assertThat(r.latency().get("publish").count()).isEqualTo(n * 5L);
        assertThat(r.latency().get("message").count()).isEqualTo(t.probeReceived());
        Set<String> imeis = new HashSet<>();
        for (FleetReport.DeviceRow d : r.devices()) {
            assertThat(Imei.valid(d.imei())).as(d.imei()).isTrue();
            imeis.add(d.imei());
            assertThat(d.published()).isEqualTo(5);
            assertThat(d.received()).isEqualTo(5);
            assertThat(d.clientId()).isEqualTo("t-" + d.index());
        }
        assertThat(imeis).hasSize(n);
    }
}
