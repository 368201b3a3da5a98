package dev.l610.modem.net;

import java.time.Duration;

/**
 * How one direction of a modem's path is impaired: every chunk of bytes (TCP) or datagram (UDP) is held
 * for {@code latency} plus a uniform random {@code [0, jitter)}, sent no faster than {@code bytesPerSecond}
 * (0: unlimited), and lost with probability {@code loss} (0..1).
 *
 * <p>TCP never loses bytes, so on a stream a loss is modelled as a retransmission: the chunk (and, as the
 * order of bytes is kept, everything after it) is delayed by one retransmission timeout,
 * {@link #retransmissionDelayNanos()}. On datagrams a loss drops the datagram.
 *
 * @param latency one-way delay, at least 0
 * @param jitter extra random delay, uniform in [0, jitter), at least 0
 * @param bytesPerSecond the link rate, 0 for unlimited
 * @param loss probability 0..1 that a chunk / datagram is lost
 */
public record Shaping(Duration latency, Duration jitter, long bytesPerSecond, double loss) {

    /** No impairment. */
    public static final Shaping NONE = new Shaping(Duration.ZERO, Duration.ZERO, 0, 0);

    /** The smallest retransmission timeout of the stream model (RFC 6298 allows 200 ms as used by Linux). */
    static final long MIN_RTO_NANOS = 200_000_000L;

    public Shaping {
        if (latency == null || jitter == null || latency.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("latency and jitter must be >= 0, were " + latency + ", " + jitter);
        }
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond must be >= 0 (0 = unlimited), was " + bytesPerSecond);
        }
        if (!(loss >= 0 && loss <= 1)) {
            throw new IllegalArgumentException("loss must be in 0..1, was " + loss);
        }
    }

    /** Latency only. */
    public static Shaping latency(Duration latency) {
        return new Shaping(latency, Duration.ZERO, 0, 0);
    }

    /** True when nothing is impaired: bytes pass straight through. */
    public boolean isNone() {
        return latency.isZero() && jitter.isZero() && bytesPerSecond == 0 && loss == 0;
    }

    /** The delay a lost TCP segment adds: one retransmission timeout, max(200 ms, 2 x latency + jitter). */
    public long retransmissionDelayNanos() {
        return Math.max(MIN_RTO_NANOS, 2 * latency.toNanos() + jitter.toNanos());
    }
}
