package dev.l610.modem;

import dev.l610.modem.net.Direction;
import dev.l610.modem.net.Shaping;

import java.util.concurrent.CompletableFuture;

/**
 * Fault injection on one modem: what a real module meets in the field. Each call runs on the modem's
 * executor; the future completes once the fault is in effect (the URCs it causes are queued by then).
 *
 * <table>
 *   <caption>faults and what the host sees</caption>
 *   <tr><td>{@link #radio(boolean) radio(false)}</td><td>+CSQ 99,99; registration lost: +MQTTBREAK: &lt;id&gt;,3</td></tr>
 *   <tr><td>{@link #deregister()}</td><td>stat 0 until {@link #register()}: +MQTTBREAK: &lt;id&gt;,3</td></tr>
 *   <tr><td>{@link #dropContext()}</td><td>+MIPCALL: 0, +MQTTBREAK: &lt;id&gt;,2 until {@link #restoreContext()}</td></tr>
 *   <tr><td>{@link #killBrokerConnection(int)}</td><td>the connection is reset: +MQTTBREAK: &lt;id&gt;,1, the broker sends the will</td></tr>
 *   <tr><td>{@link #blackhole(boolean) blackhole(true)}</td><td>broker bytes vanish: +MQTTBREAK: &lt;id&gt;,1 after 1.5 x keepalive</td></tr>
 *   <tr><td>{@link #signal(int)}</td><td>+CSQ: &lt;rssi&gt;,99</td></tr>
 *   <tr><td>{@link #udp(long, double)}</td><td>MQTT-SN datagrams late or lost: retransmissions, or +MQTTBREAK: &lt;id&gt;,1</td></tr>
 *   <tr><td>{@link #shape(Direction, Shaping)}</td><td>every packet of the radio path late, jittered, rate-limited or lost (TCP: retransmitted)</td></tr>
 *   <tr><td>{@link #powerCycle()}</td><td>a reset: connections die without DISCONNECT (wills), settings back to power-up, then +SIM READY</td></tr>
 *   <tr><td>{@link #sim(SimSetting)}</td><td>another SIM: absent / PIN-locked (registration lost, +CPIN), or ready (+SIM READY)</td></tr>
 *   <tr><td>{@link #timing(TimingProfile)}</td><td>the delays of boot, registration, data call, DNS and the radio path from now on</td></tr>
 * </table>
 */
public final class Faults {

    private final VirtualModem modem;

    public Faults(VirtualModem modem) {
        this.modem = modem;
    }

    public CompletableFuture<Void> radio(boolean on) {
        return modem.network(n -> n.setRadio(on));
    }

    public CompletableFuture<Void> deregister() {
        return modem.network(NetworkState::deregister);
    }

    public CompletableFuture<Void> register() {
        return modem.network(NetworkState::allowRegistration);
    }

    public CompletableFuture<Void> dropContext() {
        return modem.network(NetworkState::dropContext);
    }

    public CompletableFuture<Void> restoreContext() {
        return modem.network(NetworkState::restoreContext);
    }

    /**
     * Each data context after a lost one gets another address from {@code pool} (null: keeps its own):
     * {@code +MIPCALL: <ip>}, {@code AT+CGPADDR} and {@code AT+MIPCALL?} then report the new one.
     */
    public CompletableFuture<Void> addressOnReattach(java.util.function.Supplier<String> pool) {
        return modem.network(n -> n.addressOnReattach(pool));
    }

    public CompletableFuture<Void> signal(int rssi) {
        return modem.network(n -> n.setRssi(rssi));
    }

    /** Completes true when client {@code id} was open and its connection was killed. */
    public CompletableFuture<Boolean> killBrokerConnection(int id) {
        return modem.call(m -> m.mqtt().breakConnection(id));
    }

    /** The MQTT-SN UDP path: delay every datagram by {@code latencyMillis}, lose it with probability {@code loss}. */
    public CompletableFuture<Void> udp(long latencyMillis, double loss) {
        if (latencyMillis < 0 || !(loss >= 0 && loss <= 1)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "latency must be >= 0 ms and loss in 0..1, were " + latencyMillis + ", " + loss));
        }
        Shaping s = latencyMillis == 0 && loss == 0 ? null : new Shaping(java.time.Duration.ofMillis(latencyMillis),
                java.time.Duration.ZERO, 0, loss);
        return modem.call(m -> {
            m.path().shapeDatagrams(Direction.UPLINK, s);
            m.path().shapeDatagrams(Direction.DOWNLINK, s);
            return null;
        });
    }

    /**
     * Shapes the radio path in one direction, for every connection of the modem (MQTT over TCP and
     * MQTT-SN over UDP alike): latency, jitter, rate and loss, drawn from a seeded random source so a run
     * repeats. It adds to the radio of the timing profile (latencies and jitters add up, the slower rate
     * wins, losses combine); {@link Shaping#NONE} ends the fault and leaves the profile's radio, and a
     * timing profile chosen later keeps the fault. The {@link #udp(long, double)} fault, where set, takes
     * precedence for datagrams.
     */
    public CompletableFuture<Void> shape(Direction direction, Shaping shaping) {
        if (direction == null || shaping == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("direction and shaping are required"));
        }
        return modem.call(m -> {
            m.path().shape(direction, shaping);
            return null;
        });
    }

    /**
     * The radio path's faults now, for status pages: {@code uplink}/{@code downlink} are the shaping
     * fault alone (the timing profile's radio is not a fault).
     *
     * @param udpUplink the {@link #udp(long, double)} fault's shaping of datagrams, or null when not set
     */
    public record PathState(boolean blackhole, Shaping uplink, Shaping downlink, Shaping udpUplink, Shaping udpDownlink) {
    }

    /** The radio path's faults now. */
    public CompletableFuture<PathState> pathState() {
        return modem.call(m -> {
            var p = m.path();
            Shaping udpUp = p.datagramShaping(Direction.UPLINK);
            Shaping udpDown = p.datagramShaping(Direction.DOWNLINK);
            return new PathState(p.blackholed(), p.faultShaping(Direction.UPLINK), p.faultShaping(Direction.DOWNLINK),
                    udpUp == p.shaping(Direction.UPLINK) ? null : udpUp,
                    udpDown == p.shaping(Direction.DOWNLINK) ? null : udpDown);
        });
    }

    /** The shaping each direction applies now (the timing profile's radio and any shaping fault together). */
    public CompletableFuture<java.util.Map<Direction, Shaping>> shaping() {
        return modem.call(m -> java.util.Map.of(Direction.UPLINK, m.path().shaping(Direction.UPLINK),
                Direction.DOWNLINK, m.path().shaping(Direction.DOWNLINK)));
    }

    /**
     * Power cycle (docs/at-reference.md §5): every connection ends without DISCONNECT (the broker publishes
     * wills), stores and settings are back to power-up, then the modem boots and writes {@code +SIM READY}.
     */
    public CompletableFuture<Void> powerCycle() {
        return modem.call(m -> {
            m.powerCycle();
            return null;
        });
    }

    /** Another SIM in the slot: ready ({@code +SIM READY}, registration), absent or PIN-locked (registration lost). */
    public CompletableFuture<Void> sim(SimSetting card) {
        if (card == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a SIM setting is required"));
        }
        return modem.call(m -> {
            m.insertSim(card);
            return null;
        });
    }

    /** The timing profile from now on (its radio round trip and rates replace the shaping of the path). */
    public CompletableFuture<Void> timing(TimingProfile profile) {
        if (profile == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a timing profile is required"));
        }
        return modem.call(m -> {
            m.timing(profile);
            return null;
        });
    }

    public CompletableFuture<Void> blackhole(boolean on) {
        return modem.call(m -> {
            m.path().blackhole(on);
            return null;
        });
    }
}
