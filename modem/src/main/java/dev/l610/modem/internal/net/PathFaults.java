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

    /** Impairs one direction from the next chunk on; {@link Shaping#NONE} ends it. */
    public void shape(Direction direction, Shaping shaping) {
        if (shaping == null) {
            throw new IllegalArgumentException("shaping must not be null (use Shaping.NONE)");
        }
        if (direction == Direction.UPLINK) {
            uplink = shaping;
        } else {
            downlink = shaping;
        }
    }

    public Shaping shaping(Direction direction) {
        return direction == Direction.UPLINK ? uplink : downlink;
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

    /** Ends blackhole and every shaping (stream and datagram). */
    public void clear() {
        blackhole = false;
        uplink = Shaping.NONE;
        downlink = Shaping.NONE;
        datagramUplink = null;
        datagramDownlink = null;
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
