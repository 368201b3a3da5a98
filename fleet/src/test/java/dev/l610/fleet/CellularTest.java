package dev.l610.fleet;

import dev.l610.broker.EmbeddedBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The cellular events at fleet scale: a cell outage (reconnect stampede) and a carrier NAT's idle timeout. */
class CellularTest {

    static EmbeddedBroker broker;

    @BeforeAll
    static void broker() {
        broker = EmbeddedBroker.startEphemeral();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aCellOutageBreaksTheAffectedDevicesWithCause3AndTheyReconnectWithinTheBackOff() {
        Behaviour b = Behaviour.parse("""
                publish: {topic: "o/{imei}/up", qos: 1, every: 100ms, count: 40}
                reconnect: {tries: 12, backoff: 200ms, maxBackoff: 1s, jitter: 0.3}
                cellular: {outage: {at: 2s, duration: 1500ms, fraction: 0.3}}
                seed: 7
                """);
        FleetReport r;
        try (Fleet f = Fleet.start(FleetOptions.of(100, broker.address(), b, Duration.ZERO))) {
            r = f.finished().orTimeout(5, TimeUnit.MINUTES).join();
        }
        FleetReport.Totals t = r.totals();
        assertThat(t.outageDevices()).isBetween(10L, 50L);
        assertThat(t.gaveUp()).isZero();
        long broken = 0;
        for (FleetReport.DeviceRow d : r.devices()) {
            if (d.outage()) {
                // (a device still on its way up when the cell went did not break: it waited for registration)
                assertThat(d.breakCauses()).as("device %d", d.index()).allMatch(c -> c == 3);
                // every break was answered by a reconnect: the back-off's tries were enough
                assertThat(d.reconnects()).as("device %d", d.index()).isEqualTo(d.breaks());
                broken += d.breaks() > 0 ? 1 : 0;
            } else {
                assertThat(d.breaks()).as("device %d outside the outage", d.index()).isZero();
            }
            // a publish whose outcome the break cut off is failed, not lost: it may have reached the broker
            assertThat(d.published() + d.publishFailed()).as("device %d", d.index()).isEqualTo(40);
        }
        assertThat(broken).isPositive();
        assertThat(t.breaks()).containsOnlyKeys("3");
        assertThat(r.latency().get("recover").count()).isEqualTo(t.reconnects());
        assertThat(t.lost()).isZero();
        assertThat(t.received()).isBetween(t.published(), t.published() + t.publishFailed());
    }

    @Test
    void aNatIdleTimeoutDropsQuietConnectionsAndTheyRecover() {
        Behaviour b = Behaviour.parse("""
                mqtt: {keepAlive: 2}
                publish: {topic: "n/{imei}/up", every: 0s}
                reconnect: {tries: 20, backoff: 200ms, maxBackoff: 1s}
                cellular: {natIdleTimeout: 1s}
                """);
        int n = 20;
        FleetReport r;
        try (Fleet f = Fleet.start(FleetOptions.of(n, broker.address(), b, Duration.ofMinutes(5)))) {
            await().atMost(Duration.ofMinutes(2)).until(() -> f.progress().reconnects() >= 2L * n);
            f.stop();
            r = f.finished().orTimeout(5, TimeUnit.MINUTES).join();
        }
        FleetReport.Totals t = r.totals();
        assertThat(t.natDrops()).isGreaterThanOrEqualTo(n);
        assertThat(t.breaks()).containsOnlyKeys("1");
        assertThat(t.gaveUp()).isZero();
        for (FleetReport.DeviceRow d : r.devices()) {
            assertThat(d.natDrops()).as("device %d", d.index()).isPositive();
            assertThat(d.breakCauses()).as("device %d", d.index()).isNotEmpty().containsOnly(1);
            // each drop broke the connection (keepalive lost) and the device came back (the last may still be on its way)
            assertThat(d.reconnects()).as("device %d", d.index()).isGreaterThanOrEqualTo(d.breaks() - 1).isPositive();
        }
        assertThat(List.of(r.latency().get("recover").count())).allMatch(c -> c >= n);
    }

    @Test
    void sleepingDevicesFindTheirMessagesWaitingAtTheBrokerAndReattachWithAnotherAddress() {
        Behaviour b = Behaviour.parse("""
                mqtt: {cleanSession: false, clientId: "s-{index}"}
                subscribe: [{topic: "s/{imei}/down", qos: 1}]
                publish: {topic: "s/{imei}/up", qos: 1, every: 200ms, count: 12}
                probe: {every: 150ms}
                cellular: {ipChange: true, sleep: {every: 600ms, duration: 500ms}}
                """);
        int n = 10;
        FleetReport r;
        try (Fleet f = Fleet.start(FleetOptions.of(n, broker.address(), b, Duration.ZERO))) {
            r = f.finished().orTimeout(5, TimeUnit.MINUTES).join();
        }
        FleetReport.Totals t = r.totals();
        assertThat(t.gaveUp()).isZero();
        assertThat(t.breaks()).isEmpty();
        for (FleetReport.DeviceRow d : r.devices()) {
            assertThat(d.sleeps()).as("device %d", d.index()).isPositive();
            // every sleep turned the radio off: the context came back with another address
            assertThat(d.ipChanges()).as("device %d", d.index()).isEqualTo(d.sleeps());
            assertThat(d.published()).as("device %d", d.index()).isEqualTo(12);
        }
        assertThat(t.probeSent()).isPositive();
        assertThat(t.probeReceived()).as("messages sent while a device slept waited for it").isEqualTo(t.probeSent());
        assertThat(t.received()).isEqualTo(t.published());
    }

    @Test
    void theSignalDriftsAndTelemetryReportsWhatAtCsqSaid() throws Exception {
        Behaviour b = Behaviour.parse("""
                publish: {topic: "d/{imei}/up", every: 100ms, count: 15, payload: '{"seq":{seq},"rssi":{rssi}}'}
                cellular: {signalDrift: {every: 50ms, step: 6}}
                """);
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient sub = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion3()
                .identifier("drift-watch").serverAddress(broker.address()).buildAsync();
        sub.connect().join();
        sub.subscribeWith().topicFilter("d/#").callback(p -> seen.add(new String(p.getPayloadAsBytes(),
                java.nio.charset.StandardCharsets.UTF_8).replaceAll(".*\\\"rssi\\\":(\\d+).*", "$1"))).send().join();
        FleetReport r;
        try (Fleet f = Fleet.start(FleetOptions.of(4, broker.address(), b, Duration.ZERO))) {
            r = f.finished().orTimeout(5, TimeUnit.MINUTES).join();
        } finally {
            sub.disconnect().join();
        }
        assertThat(r.totals().published()).isEqualTo(60);
        assertThat(r.totals().received()).isEqualTo(60);
        assertThat(seen).allMatch(v -> v.matches("\\d+") && Integer.parseInt(v) <= 31).hasSizeGreaterThan(3);
    }
}
