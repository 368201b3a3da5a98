package dev.l610.fleet;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How a fleet runs: how many devices in all, which of them here ({@link Shard}), where the broker (and
 * for MQTT-SN the gateway) is, what the devices do, and for how long.
 *
 * @param count devices in the whole fleet (all shards), at least 1
 * @param shard which of them run in this process
 * @param broker the MQTT broker the modems connect to (and the probe and checker)
 * @param gateway the MQTT-SN gateway for clients 101/102, or null
 * @param behaviour what each device does
 * @param duration how long the run lasts; zero: until every device has published {@code publish.count}
 * @param imeiBase 14 digits; device i has IMEI {@code base + i} and its Luhn digit
 * @param loops event-loop threads of the modems' runtime (0: one per core, at least two)
 * @param sources the local addresses the modems' connections are made from, by device index; null: the system's choice
 */
public record FleetOptions(int count, Shard shard, InetSocketAddress broker, InetSocketAddress gateway, Behaviour behaviour,
                           Duration duration, String imeiBase, int loops, SourceAddresses sources) {

    public FleetOptions {
        Objects.requireNonNull(shard, "shard");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(behaviour, "behaviour");
        Objects.requireNonNull(duration, "duration");
        if (count < 1) {
            throw new IllegalArgumentException("a fleet has at least 1 device, was " + count);
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must be >= 0");
        }
        if (duration.isZero() && (behaviour.publish().count() == 0 || behaviour.publish().every().isZero())) {
            throw new IllegalArgumentException("a run without a duration needs publish.count and publish.every");
        }
        if (behaviour.mqtt().isMqttSn() && gateway == null) {
            throw new IllegalArgumentException("MQTT-SN clients (101, 102) need a gateway address");
        }
        Imei.of(imeiBase, count - 1);
        if (loops < 0) {
            throw new IllegalArgumentException("loops must be >= 0");
        }
    }

    /** The whole fleet here, IMEIs from {@link Imei#DEFAULT_BASE}, one loop per core. */
    public static FleetOptions of(int count, InetSocketAddress broker, Behaviour behaviour, Duration duration) {
        return new FleetOptions(count, Shard.ALL, broker, null, behaviour, duration, Imei.DEFAULT_BASE, 0, null);
    }

    public FleetOptions withShard(Shard s) {
        return new FleetOptions(count, s, broker, gateway, behaviour, duration, imeiBase, loops, sources);
    }

    public FleetOptions withGateway(InetSocketAddress g) {
        return new FleetOptions(count, shard, broker, g, behaviour, duration, imeiBase, loops, sources);
    }

    public FleetOptions withImeiBase(String base) {
        return new FleetOptions(count, shard, broker, gateway, behaviour, duration, base, loops, sources);
    }

    public FleetOptions withSources(SourceAddresses s) {
        return new FleetOptions(count, shard, broker, gateway, behaviour, duration, imeiBase, loops, s);
    }

    public FleetOptions withLoops(int n) {
        return new FleetOptions(count, shard, broker, gateway, behaviour, duration, imeiBase, n, sources);
    }
}
