package dev.l610.fleet;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The behaviour file, IMEIs and shards: defaults, the example, and a clear message for each mistake. */
class BehaviourTest {

    @Test
    void theExampleReadsAndDefaultsFillTheRest() throws Exception {
        Behaviour b = Behaviour.read(Path.of("..", "examples", "telemetry.yaml"));
        assertThat(b.timing()).containsEntry("cat1", 0.9).containsEntry("nbiot", 0.1);
        assertThat(b.mqtt().clientId()).isEqualTo("tele-{imei}");
        assertThat(b.publish().every()).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.cellular().outage().fraction()).isEqualTo(0.1);

        Behaviour d = Behaviour.defaults();
        assertThat(d.timing()).containsOnlyKeys("instant");
        assertThat(d.mqtt().client()).isEqualTo(1);
        assertThat(d.reconnect().tries()).isEqualTo(10);
        assertThat(d.probe().every()).isZero();
        assertThat(d.cellular().outage()).isNull();
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> Behaviour.parse("mqtt: {client: 3}")).hasMessageContaining("mqtt.client is 1, 2");
        assertThatThrownBy(() -> Behaviour.parse("publish: {every: soon}")).hasMessageContaining("publish.every is a duration");
        assertThatThrownBy(() -> Behaviour.parse("publish: {payload: 'no seq'}")).hasMessageContaining("needs {seq}");
        assertThatThrownBy(() -> Behaviour.parse("publish: {payload: '{seq} {sqe}'}")).hasMessageContaining("unknown placeholder");
        assertThatThrownBy(() -> Behaviour.parse("probe: {every: 1s}")).hasMessageContaining("needs a subscription");
        assertThatThrownBy(() -> Behaviour.parse("timing: lte-m")).hasMessageContaining("timing profile 'lte-m'");
        assertThatThrownBy(() -> Behaviour.parse("subscribe: {topic: a}")).hasMessageContaining("subscribe is a list");
        assertThatThrownBy(() -> Behaviour.parse("cellular: {outage: {fraction: 2}}")).hasMessageContaining("cellular.outage.fraction");
        assertThatThrownBy(() -> Behaviour.parse("mqtt: [1")).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> Behaviour.parse("reconect: {}")).hasMessageContaining("unknown key reconect");
    }

    @Test
    void imeisCarryTheirLuhnDigitAndShardsSplitTheIndices() {
        assertThat(Imei.of("49015420323751", 0)).isEqualTo("490154203237518");
        assertThat(Imei.of("86954804001234", 0)).isEqualTo("869548040012344");
        assertThat(Imei.valid(Imei.of(Imei.DEFAULT_BASE, 12_345))).isTrue();
        assertThat(Imei.valid("869548040012345")).isFalse();
        assertThatThrownBy(() -> Imei.of("123", 0)).hasMessageContaining("14 digits");

        Shard s = Shard.parse("2/3");
        assertThat(s.first(10)).isEqualTo(6);
        assertThat(s.end(10)).isEqualTo(10);
        assertThat(Shard.parse("0/3").end(10)).isEqualTo(Shard.parse("1/3").first(10));
        assertThatThrownBy(() -> Shard.parse("3/3")).hasMessageContaining("0 <= i < n");
        assertThatThrownBy(() -> Shard.parse("x")).hasMessageContaining("i/n");
    }

    @Test
    void sourceAddressesGoRoundTheBlockOrTheList() {
        SourceAddresses b = SourceAddresses.parse("127.0.0.0/30");
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.of(0).getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(b.of(1).getHostAddress()).isEqualTo("127.0.0.2");
        assertThat(b.of(2).getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(SourceAddresses.parse("127.0.0.0/8").of(300).getHostAddress()).isEqualTo("127.0.1.45");
        assertThat(SourceAddresses.parse("10.0.0.5, 10.0.0.6").of(3).getHostAddress()).isEqualTo("10.0.0.6");
        assertThatThrownBy(() -> SourceAddresses.parse("127.0.0.0/31")).hasMessageContaining("IPv4 block");
        assertThatThrownBy(() -> SourceAddresses.parse("localhost")).hasMessageContaining("a list of addresses");
    }
}
