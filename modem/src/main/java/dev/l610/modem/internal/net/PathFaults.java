package dev.l610.modem.internal.net;

import dev.l610.modem.net.Direction;
import dev.l610.modem.net.Shaping;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The faults of one modem's radio path, acting on the real sockets of its connections: a handler made by
 * {@link #streamHandler()} (TCP) or {@link #datagramHandler()} (UDP) is put FIRST in the pipeline of every
 * channel of the modem, so it sees the bytes as the socket does (below TLS and MQTT). No relay, no extra
 * socket.
 *
 * <ul>
 *   <li>{@link #blackhole(boolean)}: both directions silent. Inbound bytes are dropped, outbound writes are
 *       dropped but their promises succeed; connections stay open, so only keepalives notice.</li>
 *   <li>{@link #shape(Direction, Shaping)}: latency, jitter, rate and loss per direction, drawn from one
 *       {@link Random} seeded at construction, so a run repeats. The rate is the modem's radio: shared by
 *       all its connections. On streams the order of bytes is always kept.</li>
 *   <li>Cutting is per connection, not here: {@code Mqtt3Connection.abort()} resets its own socket only
 *       ({@link Resets#reset(Channel)}). {@link #resetAll()} resets every stream open now (a power cycle).</li>
 * </ul>
 *
 * <p>Settings may be changed from any thread and apply to the next chunk; the random draws and the link
 * budget are meant to be used from the modem's one event loop (all its channels are registered there),
 * which is what makes a seeded run repeat.
 */
public final class PathFaults {

    private final Random random;
    private volatile boolean blackhole;
    /** The radio of the timing profile per direction: the path as it is without any fault. */
    private volatile Shaping profileUplink = Shaping.NONE;
    private volatile Shaping profileDownlink = Shaping.NONE;
    /** The shaping fault per direction, on top of the profile's radio. */
    private volatile Shaping faultUplink = Shaping.NONE;
    private volatile Shaping faultDownlink = Shaping.NONE;
    /** What chunks meet: the profile's radio and the fault together (see {@link #combine}). */
    private volatile Shaping uplink = Shaping.NONE;
    private volatile Shaping downlink = Shaping.NONE;
    /** Datagram-only shaping per direction; null: datagrams follow {@link #shaping(Direction)}. */
    private volatile Shaping datagramUplink;
    private volatile Shaping datagramDownlink;
    /** Per direction: when the radio has sent everything queued so far ({@link System#nanoTime()}). */
    private final AtomicLongArray busyUntil = new AtomicLongArray(2);
    private final Set<Channel> streams = ConcurrentHashMap.newKeySet();

    /** @param seed the seed of every random draw (jitter, loss) */
    public PathFaults(long seed) {
        this.random = new Random(seed);
        busyUntil.set(0, Long.MIN_VALUE); // System.nanoTime() may be negative: "never busy" is the least value
        busyUntil.set(1, Long.MIN_VALUE);
    }

    /** Both directions silent while on; connections stay open. */
    public void blackhole(boolean on) {
        blackhole = on;
    }

    public boolean blackholed() {
        return blackhole;
    }

    /**
     * The shaping fault of one direction from the next chunk on, on top of the timing profile's radio
     * ({@link #profile}); {@link Shaping#NONE} ends the fault and leaves the profile's radio.
     */
    public void shape(Direction direction, Shaping shaping) {
        if (shaping == null) {
            throw new IllegalArgumentException("shaping must not be null (use Shaping.NONE)");
        }
        if (direction == Direction.UPLINK) {
            faultUplink = shaping;
        } else {
            faultDownlink = shaping;
        }
        update();
    }

    /** The radio of the timing profile in one direction: what the path is when no fault is set. */
    public void profile(Direction direction, Shaping shaping) {
        if (shaping == null) {
            throw new IllegalArgumentException("shaping must not be null (use Shaping.NONE)");
        }
        if (direction == Direction.UPLINK) {
            profileUplink = shaping;
        } else {
            profileDownlink = shaping;
        }
        update();
    }

    private void update() {
        uplink = combine(profileUplink, faultUplink);
        downlink = combine(profileDownlink, faultDownlink);
    }

    /**
     * A path with two impairments in a row: latencies and jitters add up, the slower rate wins, and a
     * chunk gets through only if neither loses it.
     */
    static Shaping combine(Shaping a, Shaping b) {
        if (b.isNone()) {
            return a;
        }
        if (a.isNone()) {
            return b;
        }
        long rate = a.bytesPerSecond() == 0 ? b.bytesPerSecond()
                : b.bytesPerSecond() == 0 ? a.bytesPerSecond() : Math.min(a.bytesPerSecond(), b.bytesPerSecond());
        return new Shaping(a.latency().plus(b.latency()), a.jitter().plus(b.jitter()), rate,
                1 - (1 - a.loss()) * (1 - b.loss()));
    }

    /** What chunks of {@code direction} meet now: the profile's radio and the shaping fault together. */
    public Shaping shaping(Direction direction) {
        return direction == Direction.UPLINK ? uplink : downlink;
    }

    /** The shaping fault of {@code direction} alone ({@link Shaping#NONE} when none is set). */
    public Shaping faultShaping(Direction direction) {
        return direction == Direction.UPLINK ? faultUplink : faultDownlink;
    }

    /**
     * Impairs the datagrams (MQTT-SN over UDP) of one direction only, instead of {@link #shaping(Direction)};
     * null: datagrams follow the shaping of the direction again. (For the old {@code Faults.udp(latency, loss)}.)
     */
    public void shapeDatagrams(Direction direction, Shaping shapingOrNull) {
        if (direction == Direction.UPLINK) {
            datagramUplink = shapingOrNull;
        } else {
            datagramDownlink = shapingOrNull;
        }
    }

    /** What datagrams of {@code direction} meet: the datagram-only shaping if set, else the direction's. */
    public Shaping datagramShaping(Direction direction) {
        Shaping s = direction == Direction.UPLINK ? datagramUplink : datagramDownlink;
        return s != null ? s : shaping(direction);
    }

    /** Ends blackhole and every shaping fault (stream and datagram); the profile's radio stays. */
    public void clear() {
        blackhole = false;
        faultUplink = Shaping.NONE;
        faultDownlink = Shaping.NONE;
        datagramUplink = null;
        datagramDownlink = null;
        update();
    }

    /** A new handler for one TCP channel: put it first in the pipeline. */
    public ChannelHandler streamHandler() {
        return new StreamFaultHandler(this);
    }

    /** A new handler for one UDP channel ({@link io.netty.channel.socket.DatagramPacket}s): put it first. */
    public ChannelHandler datagramHandler() {
        return new DatagramFaultHandler(this);
    }

    /** Resets (RST) every TCP connection of the modem open now, as when the modem loses power. */
    public void resetAll() {
        for (Channel ch : List.copyOf(streams)) {
            ch.eventLoop().execute(() -> Resets.reset(ch));
        }
    }

    /** TCP connections of the modem open now. */
    public int openStreams() {
        return streams.size();
    }

    void opened(Channel ch) {
        streams.add(ch);
    }

    void closed(Channel ch) {
        streams.remove(ch);
    }

    /** True with probability {@code s.loss()}. */
    boolean lose(Shaping s) {
        double p = s.loss();
        return p > 0 && random.nextDouble() < p;
    }

    /**
     * When a chunk of {@code bytes} that is ready now may arrive at the other end. Takes the rate budget of
     * the direction.
     *
     * @param lossAsDelay true on streams: a loss becomes one retransmission timeout more
     */
    long dueNanos(Direction direction, Shaping s, int bytes, long now, boolean lossAsDelay) {
        int d = direction.ordinal();
        long sent = now;
        if (s.bytesPerSecond() > 0) {
            long serialization = (long) (bytes * 1_000_000_000.0 / s.bytesPerSecond());
            long start;
            long end;
            do {
                long busy = busyUntil.get(d);
                start = Math.max(now, busy);
                end = start + serialization;
                if (busyUntil.compareAndSet(d, busy, end)) {
                    break;
                }
            } while (true);
            sent = end;
        }
        long due = sent + s.latency().toNanos();
        long jitter = s.jitter().toNanos();
        if (jitter > 0) {
            due += (long) (random.nextDouble() * jitter);
        }
        if (lossAsDelay && s.loss() > 0 && random.nextDouble() < s.loss()) {
            due += s.retransmissionDelayNanos();
        }
        return due;
    }
}
