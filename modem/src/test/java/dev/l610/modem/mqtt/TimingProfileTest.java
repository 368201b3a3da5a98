package dev.l610.modem.mqtt;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemHarness;
import dev.l610.modem.TimingProfile;
import dev.l610.modem.net.Direction;
import dev.l610.modem.net.Shaping;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * docs/at-reference.md §8: with the cat1 profile and a seed, what a host measures on the AT line falls in
 * the profile's ranges (lower bounds; upper bounds only as generous waits).
 */
class TimingProfileTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Test
    void shippedProfilesAndTheFileFormat() throws Exception {
        TimingProfile cat1 = TimingProfile.of("cat1");
        assertThat(cat1.boot().toString()).isEqualTo("2000-5000");
        assertThat(cat1.rtt().toString()).isEqualTo("50-150");
        assertThat(cat1.shaping(Direction.UPLINK).latency()).isEqualTo(Duration.ofMillis(25));
        assertThat(cat1.shaping(Direction.UPLINK).jitter()).isEqualTo(Duration.ofMillis(50));
        assertThat(cat1.shaping(Direction.DOWNLINK).bytesPerSecond()).isEqualTo(10_000_000 / 8);
        assertThat(TimingProfile.of("nbiot").uplinkBps()).isEqualTo(60_000);
        assertThat(TimingProfile.of("instant").boot().isZero()).isTrue();
        TimingProfile f = TimingProfile.parse("f", new StringReader("# comment\nboot=10\nrtt = 20-40\n"));
        assertThat(f.boot().min()).isEqualTo(Duration.ofMillis(10));
        assertThat(f.rtt().max()).isEqualTo(Duration.ofMillis(40));
        assertThat(f.mipcall().isZero()).isTrue();
        assertThat(TimingProfile.parse("g", new StringReader(cat1.toProperties()))).isEqualTo(
                new TimingProfile("g", cat1.boot(), cat1.registration(), cat1.mipcall(), cat1.dns(), cat1.rtt(),
                        cat1.openRefused(), cat1.uplinkBps(), cat1.downlinkBps()));
        assertThatThrownBy(() -> TimingProfile.parse("h", new StringReader("bot=10\n"))).hasMessageContaining("unknown timing key");
        assertThatThrownBy(() -> TimingProfile.parse("h", new StringReader("rtt=9-3\n"))).hasMessageContaining("min <= max");
        assertThatThrownBy(() -> TimingProfile.of("no-such-profile")).hasMessageContaining("instant, cat1, nbiot");
    }

    @Test
    void aProfileChosenAtRunTimeShapesThePath() {
        try (ModemHarness h = new ModemHarness()) {
            TimingProfile cat1 = TimingProfile.of("cat1");
            assertThat(h.modem.faults().shaping().join().get(Direction.UPLINK).isNone()).isTrue();
            h.modem.faults().timing(cat1).join();
            assertThat(h.modem.faults().shaping().join()).containsEntry(Direction.UPLINK, cat1.shaping(Direction.UPLINK))
                    .containsEntry(Direction.DOWNLINK, cat1.shaping(Direction.DOWNLINK));
            assertThat(h.modem.timing().name()).isEqualTo("cat1");
            h.modem.faults().timing(TimingProfile.instant()).join();
            assertThat(h.modem.faults().shaping().join().get(Direction.DOWNLINK).isNone()).isTrue();
        }
    }

    /** A shaping fault and the timing profile's radio add up; neither setting undoes the other. */
    @Test
    void aShapingFaultAndTheProfileKeepEachOther() {
        try (ModemHarness h = new ModemHarness()) {
            TimingProfile cat1 = TimingProfile.of("cat1");
            Shaping fault = new Shaping(Duration.ofMillis(100), Duration.ZERO, 1000, 0.5);
            h.modem.faults().shape(Direction.UPLINK, fault).join();
            h.modem.faults().timing(cat1).join(); // used to replace the fault
            Shaping radio = cat1.shaping(Direction.UPLINK);
            Shaping both = h.modem.faults().shaping().join().get(Direction.UPLINK);
            assertThat(both.latency()).isEqualTo(radio.latency().plus(Duration.ofMillis(100)));
            assertThat(both.jitter()).isEqualTo(radio.jitter());
            assertThat(both.bytesPerSecond()).isEqualTo(Math.min(1000, radio.bytesPerSecond()));
            assertThat(both.loss()).isEqualTo(0.5);
            assertThat(h.modem.faults().shaping().join().get(Direction.DOWNLINK)).isEqualTo(cat1.shaping(Direction.DOWNLINK));
            assertThat(h.modem.faults().pathState().join().uplink()).as("status shows the fault alone").isEqualTo(fault);
            h.modem.faults().shape(Direction.UPLINK, Shaping.NONE).join(); // used to end the profile's radio too
            assertThat(h.modem.faults().shaping().join().get(Direction.UPLINK)).isEqualTo(radio);
            h.modem.faults().shape(Direction.UPLINK, fault).join();
            h.modem.faults().timing(TimingProfile.instant()).join();
            assertThat(h.modem.faults().shaping().join().get(Direction.UPLINK)).isEqualTo(fault);
        }
    }

    /**
     * The TCP handshake of ids 1/2 is one radio round trip before CONNECT, for an address as for a name
     * (an address used to skip it); CONNECT/CONNACK is another. Lower bounds only: a busy machine is slower.
     */
    @Test
    void anMqttOpenTakesTheHandshakeAndTheConnectRoundTrip() throws Exception {
        TimingProfile slowRadio = TimingProfile.parse("slow-radio", new StringReader("rtt=1000-1000\n"));
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral();
             ModemHarness h = ModemHarness.raw(ModemConfig.builder().timing(slowRadio).seed(1L)
                     .outcomeTimeout(Duration.ofSeconds(30)).build())) {
            h.expect("\r\n+SIM READY\r\n", LONG);
            h.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
            long open = System.nanoTime(); // before the command: the harness sees OK some time after it was written
            h.send("AT+MQTTOPEN=1,\"127.0.0.1\"," + broker.port() + ",1,60\r").expect("\r\nOK\r\n");
            h.expect("\r\n+MQTTOPEN: 1,1\r\n", LONG);
            assertThat(since(open)).as("handshake + CONNECT/CONNACK").isGreaterThanOrEqualTo(Duration.ofMillis(2000));
        }
    }

    @Test
    void cat1DelaysAsMeasuredOnTheLine() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral();
             ModemHarness h = ModemHarness.raw(ModemConfig.builder().timing(TimingProfile.of("cat1")).seed(42L)
                     .outcomeTimeout(Duration.ofSeconds(20)).build())) {
            h.expect("\r\n+SIM READY\r\n", LONG);
            assertThat(since(t0)).as("boot").isGreaterThanOrEqualTo(Duration.ofMillis(2000));

            long simReady = System.nanoTime();
            h.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
            h.send("AT+CREG=1\r").expect("\r\nOK\r\n");
            h.expect("\r\n+CREG: 1\r\n", LONG);
            assertThat(since(simReady)).as("registration").isGreaterThanOrEqualTo(Duration.ofMillis(1900));

            h.send("AT+MIPCALL=0\r").expect("\r\nOK\r\n\r\n+MIPCALL: 0\r\n");
            h.send("AT+MIPCALL=1\r").expect("\r\nOK\r\n");
            long mipcall = System.nanoTime();
            h.expect("\r\n+MIPCALL: 10.99.46.109\r\n", LONG);
            assertThat(since(mipcall)).as("AT+MIPCALL=1").isGreaterThanOrEqualTo(Duration.ofMillis(500));

            h.send("AT+MQTTOPEN=1,\"127.0.0.1\"," + broker.port() + ",1,60\r").expect("\r\nOK\r\n");
            long open = System.nanoTime();
            h.expect("\r\n+MQTTOPEN: 1,1\r\n", LONG);
            assertThat(since(open)).as("+MQTTOPEN success").isGreaterThanOrEqualTo(Duration.ofMillis(100));

            h.send("AT+MQTTOPEN=2,\"127.0.0.1\"," + closedPort + ",1,60\r").expect("\r\nOK\r\n");
            long refused = System.nanoTime();
            h.expect("\r\n+MQTTOPEN: 2,0\r\n", LONG);
            assertThat(since(refused)).as("+MQTTOPEN failure").isGreaterThanOrEqualTo(Duration.ofMillis(2000));

            h.send("AT+MQTTSUB=1,\"rt/x\",1\r").expect("\r\nOK\r\n");
            h.expect("\r\n+MQTTSUB: 1,1\r\n", LONG);
            h.send("AT+MQTTPUB=1,\"rt/x\",1,0,\"ping\"\r").expect("\r\nOK\r\n");
            long pub = System.nanoTime();
            await().atMost(LONG).until(() -> h.available().contains("+MQTTPUB: 1,1\r\n")
                    && h.available().contains("+MQTTMSG: 1,1,\"rt/x\",\"ping\"\r\n"));
            assertThat(since(pub)).as("publish round trip").isGreaterThanOrEqualTo(Duration.ofMillis(50));
            h.consume(h.available().length());
        }
    }
}
