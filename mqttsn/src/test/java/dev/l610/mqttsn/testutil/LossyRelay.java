package dev.l610.mqttsn.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay between one client and a gateway that drops, duplicates and reorders datagrams on a
 * seeded {@link Random} schedule (one generator per direction, so each direction's sequence of
 * decisions is fixed by the seed). The client sends to {@link #clientSide()}; the gateway sees the
 * relay's other socket as the client.
 *
 * <p>Reordering holds one datagram back until the next one in the same direction has passed (or
 * 30 ms went by); a duplicate is sent right after the original.
 */
public final class LossyRelay implements AutoCloseable {

    private final DatagramSocket front;
    private final DatagramSocket back;
    private final InetSocketAddress gateway;
    private final double drop;
    private final double duplicate;
    private final double reorder;
    private final Thread up;
    private final Thread down;
    private volatile InetSocketAddress client;
    private volatile boolean blackhole;
    private volatile boolean closed;
    public final AtomicLong dropped = new AtomicLong();
    public final AtomicLong duplicated = new AtomicLong();
    public final AtomicLong reordered = new AtomicLong();
    public final AtomicLong passed = new AtomicLong();

    public LossyRelay(InetSocketAddress gateway, long seed, double drop, double duplicate, double reorder) {
        this.gateway = gateway;
        this.drop = drop;
        this.duplicate = duplicate;
        this.reorder = reorder;
        try {
            front = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            back = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            front.setSoTimeout(30);
            back.setSoTimeout(30);
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        up = new Thread(() -> pump(front, back, true, new Random(seed)), "relay-up");
        down = new Thread(() -> pump(back, front, false, new Random(seed + 1)), "relay-down");
        up.setDaemon(true);
        down.setDaemon(true);
        up.start();
        down.start();
    }

    /** Where the client must send. */
    public InetSocketAddress clientSide() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    /** Drop everything from now on (or stop doing so). */
    public void blackhole(boolean on) {
        blackhole = on;
    }

    private void pump(DatagramSocket in, DatagramSocket out, boolean towardsGateway, Random rnd) {
        byte[] buf = new byte[65536];
        byte[] held = null;
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                in.receive(p);
            } catch (SocketTimeoutException e) {
                if (held != null) {
                    forward(out, held, towardsGateway);
                    held = null;
                }
                continue;
            } catch (IOException e) {
                return; // closed
            }
            if (towardsGateway) {
                client = (InetSocketAddress) p.getSocketAddress();
            }
            byte[] d = Arrays.copyOf(buf, p.getLength());
            double r = rnd.nextDouble();
            if (blackhole || r < drop) {
                dropped.incrementAndGet();
                continue;
            }
            if (r < drop + duplicate) {
                duplicated.incrementAndGet();
                forward(out, d, towardsGateway);
                forward(out, d, towardsGateway);
            } else if (r < drop + duplicate + reorder && held == null) {
                reordered.incrementAndGet();
                held = d;
                continue;
            } else {
                forward(out, d, towardsGateway);
            }
            if (held != null) {
                forward(out, held, towardsGateway);
                held = null;
            }
        }
    }

    private void forward(DatagramSocket out, byte[] d, boolean towardsGateway) {
        InetSocketAddress to = towardsGateway ? gateway : client;
        if (to == null || blackhole) {
            return;
        }
        try {
            out.send(new DatagramPacket(d, d.length, to));
            passed.incrementAndGet();
        } catch (IOException e) {
            // the gateway may be gone: that is what some tests want
        }
    }

    @Override
    public void close() {
        closed = true;
        front.close();
        back.close();
        try {
            up.join(1000);
            down.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LossyRelay[passed=" + passed + ", dropped=" + dropped + ", duplicated=" + duplicated
                + ", reordered=" + reordered + "]";
    }
}
