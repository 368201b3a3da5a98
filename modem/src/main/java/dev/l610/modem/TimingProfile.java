package dev.l610.modem;

import dev.l610.modem.net.Direction;
import dev.l610.modem.net.Shaping;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.Set;

/**
 * How long the modem takes (docs/at-reference.md §8): boot, registration, data call, DNS and the radio
 * path. Every figure is a range drawn uniformly from the modem's seeded random source, so a run repeats.
 *
 * <p>File format: Java properties ({@code key=value} lines, {@code #} comments). A range is
 * {@code <min>-<max>} or one value, in milliseconds; a rate is bits per second (0 = unlimited). Keys, all
 * optional (missing: 0):
 * <pre>
 * boot=2000-5000            # power-on / reset to +SIM READY; input is lost meanwhile
 * registration=2000-10000   # SIM ready or radio on to registered (+CREG: 0,1), then attached
 * mipcall=500-3000          # AT+MIPCALL=1: OK to +MIPCALL: &lt;ip&gt;
 * dns=100-500               # resolving a host name of AT+MQTTOPEN / AT+MIPDNS
 * rtt=50-150                # radio round trip: every packet of both paths, half each way, with jitter
 * open-refused=2000-4000    # a refused or failed AT+MQTTOPEN: OK to +MQTTOPEN: &lt;id&gt;,0 at least this
 * uplink-bps=5000000        # radio rate, modem to network
 * downlink-bps=10000000     # radio rate, network to modem
 * </pre>
 * Shipped: {@code instant} (all 0, for tests), {@code cat1}, {@code nbiot} (resources in
 * {@code dev/l610/modem/timing/}).
 */
public record TimingProfile(String name, Range boot, Range registration, Range mipcall, Range dns, Range rtt,
                            Range openRefused, long uplinkBps, long downlinkBps) {

    /** The shipped profiles. */
    public static final Set<String> NAMES = Set.of("instant", "cat1", "nbiot");

    private static final Set<String> KEYS = Set.of("boot", "registration", "mipcall", "dns", "rtt", "open-refused",
            "uplink-bps", "downlink-bps");

    /** A range of durations {@code [min, max]}. */
    public record Range(Duration min, Duration max) {
        public static final Range ZERO = new Range(Duration.ZERO, Duration.ZERO);

        public Range {
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("a range needs 0 <= min <= max, was " + min + ".." + max);
            }
        }

        /** {@code <min>-<max>} or {@code <ms>}, in milliseconds. */
        public static Range parse(String text) {
            String t = text.trim();
            int dash = t.indexOf('-', 1);
            try {
                long lo = Long.parseLong((dash < 0 ? t : t.substring(0, dash)).trim());
                long hi = dash < 0 ? lo : Long.parseLong(t.substring(dash + 1).trim());
                return new Range(Duration.ofMillis(lo), Duration.ofMillis(hi));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a range is <min>-<max> or <ms> in milliseconds, was '" + text + "'");
            }
        }

        public boolean isZero() {
            return max.isZero();
        }

        /** Uniform in [min, max]. */
        public Duration draw(Random random) {
            long lo = min.toNanos();
            long span = max.toNanos() - lo;
            return span == 0 ? min : Duration.ofNanos(lo + (long) (random.nextDouble() * span));
        }

        @Override
        public String toString() {
            return min.toMillis() == max.toMillis() ? Long.toString(min.toMillis()) : min.toMillis() + "-" + max.toMillis();
        }
    }

    /** As fast as the machine can: the default, for tests. */
    public static TimingProfile instant() {
        return new TimingProfile("instant", Range.ZERO, Range.ZERO, Range.ZERO, Range.ZERO, Range.ZERO, Range.ZERO, 0, 0);
    }

    /** A shipped profile ({@link #NAMES}) or a file; what {@code --timing} takes. */
    public static TimingProfile of(String nameOrFile) {
        String n = nameOrFile.trim().toLowerCase(Locale.ROOT);
        if (n.equals("instant")) {
            return instant();
        }
        if (NAMES.contains(n)) {
            try (InputStream in = TimingProfile.class.getResourceAsStream("timing/" + n + ".properties")) {
                if (in == null) {
                    throw new IllegalStateException("timing profile resource missing: " + n);
                }
                return parse(n, new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        Path p = Path.of(nameOrFile);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("timing must be instant, cat1, nbiot or a file, was '" + nameOrFile + "'");
        }
        try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            return parse(p.getFileName().toString(), r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read timing profile " + p + ": " + e.getMessage(), e);
        }
    }

    /** Reads the properties format above; an unknown key is refused (a typo must not pass silently). */
    public static TimingProfile parse(String name, Reader reader) throws IOException {
        Properties p = new Properties();
        p.load(reader);
        for (String k : p.stringPropertyNames()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown timing key '" + k + "' (keys: " + new java.util.TreeSet<>(KEYS) + ")");
            }
        }
        return new TimingProfile(name, range(p, "boot"), range(p, "registration"), range(p, "mipcall"), range(p, "dns"),
                range(p, "rtt"), range(p, "open-refused"), rate(p, "uplink-bps"), rate(p, "downlink-bps"));
    }

    private static Range range(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? Range.ZERO : Range.parse(v);
    }

    private static long rate(Properties p, String key) {
        String v = p.getProperty(key);
        try {
            long r = v == null ? 0 : Long.parseLong(v.trim());
            if (r < 0) {
                throw new NumberFormatException();
            }
            return r;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be bits per second (0 = unlimited), was '" + v + "'");
        }
    }

    /**
     * The shaping of one direction of the radio path: half the round trip each way (the low end as
     * latency, the spread as jitter), at the direction's rate.
     */
    public Shaping shaping(Direction d) {
        long bps = d == Direction.UPLINK ? uplinkBps : downlinkBps;
        Duration latency = rtt.min().dividedBy(2);
        Duration jitter = rtt.max().minus(rtt.min()).dividedBy(2);
        return new Shaping(latency, jitter, bps / 8, 0);
    }

    /** The file form of this profile. */
    public String toProperties() {
        return "boot=" + boot + "\nregistration=" + registration + "\nmipcall=" + mipcall + "\ndns=" + dns + "\nrtt=" + rtt
                + "\nopen-refused=" + openRefused + "\nuplink-bps=" + uplinkBps + "\ndownlink-bps=" + downlinkBps + "\n";
    }
}
