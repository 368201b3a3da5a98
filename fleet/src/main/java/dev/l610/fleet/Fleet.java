package dev.l610.fleet;

import dev.l610.fleet.internal.FleetImpl;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A running fleet: {@link FleetOptions#count()} virtual L610s (those of this process's shard) on one
 * modem runtime, each driven over its in-memory AT line by the host driver following the behaviour file.
 *
 * <pre>{@code
 * Behaviour b = Behaviour.read(Path.of("examples/telemetry.yaml"));
 * try (Fleet fleet = Fleet.start(FleetOptions.of(1000, new InetSocketAddress("127.0.0.1", 1883), b, Duration.ofSeconds(60)))) {
 *     FleetReport report = fleet.finished().join();
 *     report.write(Path.of("out/report.json"));
 * }
 * }</pre>
 */
public interface Fleet extends AutoCloseable {

    /**
     * Creates the devices and starts them at the ramp's rate. The checker and probe connect to the broker first.
     *
     * @throws IllegalStateException when the broker cannot be reached
     */
    static Fleet start(FleetOptions options) {
        return FleetImpl.start(options, null);
    }

    /** As {@link #start(FleetOptions)}, calling {@code everySecond} once a second with the progress (on the fleet's timer). */
    static Fleet start(FleetOptions options, Consumer<Progress> everySecond) {
        return FleetImpl.start(options, everySecond);
    }

    /**
     * The serial lines of the exposed devices ({@link FleetOptions#expose()}), by device index: {@code 127.0.0.1:PORT}
     * or the pty symlink. Empty when nothing is exposed.
     */
    java.util.Map<Integer, String> exposedLines();

    /** The fleet now: counts as they are, the rates and latencies of the last full second. */
    Progress progress();

    /** Completes with the report once the run is over (the duration elapsed, every device done, or {@link #stop()}). */
    CompletableFuture<FleetReport> finished();

    /** Ends the run now (the report follows as usual). */
    void stop();

    /** Stops the run if it is still going, waits for the report, and frees every modem. */
    @Override
    void close();
}
