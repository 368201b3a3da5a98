package dev.l610.link;

import dev.l610.modem.VirtualModem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Who has the modem's serial line on a {@link TcpModemServer}: at most one active host, and at most one
 * that has half-closed and still hears URCs for a short grace.
 *
 * <p>A connection that arrives while the line is taken waits up to {@value #CLAIM_WAIT_MS} ms before it is
 * refused: a host that closes and connects again at once is accepted before the loop has read the old
 * connection's end, and must get the line the moment that end is seen. Touched only on the modem's event loop
 * (every host connection of the server runs there), so it needs no locks; {@link #activeHost()} may be
 * read from any thread.
 */
final class LineOwner {

    private static final Logger LOG = LoggerFactory.getLogger(LineOwner.class);

    /** How long a new connection waits for a line that is taken before it is told so. */
    static final long CLAIM_WAIT_MS = 200;
    /** Connections that may wait at once; more are refused at once. */
    private static final int MAX_WAITING = 4;

    private final VirtualModem modem;
    private final ArrayDeque<HostConnection> waiting = new ArrayDeque<>();
    /**
     * Scratch buffer for reads, one per event-loop thread (a loop reads one channel at a time, and the
     * modem copies what it keeps): a fleet of modems with TCP lines holds one per loop, not one per modem.
     */
    static final io.netty.util.concurrent.FastThreadLocal<byte[]> READ_BUFFER = new io.netty.util.concurrent.FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[16 * 1024];
        }
    };
    private HostConnection active;
    private HostConnection leaving;
    private volatile InetSocketAddress activeRemote;

    LineOwner(VirtualModem modem) {
        this.modem = modem;
    }

    InetSocketAddress activeHost() {
        return activeRemote;
    }

    /** The host using the line, for the message to a second one; null when the line is free. */
    InetSocketAddress busyWith() {
        return active == null ? null : active.remote();
    }

    /** A new connection: it takes the line if free, else waits a little for it, else is refused. */
    void arrive(HostConnection c) {
        if (active == null) {
            claim(c);
        } else if (waiting.size() < MAX_WAITING) {
            waiting.add(c);
            modem.executor().schedule(() -> {
                if (waiting.remove(c)) {
                    c.refuse(busyWith());
                }
            }, CLAIM_WAIT_MS, TimeUnit.MILLISECONDS);
        } else {
            c.refuse(busyWith());
        }
    }

    /** The line is free: the longest waiting connection gets it. */
    private void lineFree() {
        HostConnection next = waiting.poll();
        if (next != null) {
            claim(next);
        }
    }

    /** {@code c} takes the line: a host still in its half-close grace is let go. */
    private void claim(HostConnection c) {
        if (leaving != null) {
            HostConnection old = leaving;
            leaving = null;
            old.hangUp("a next host took the line");
        }
        active = c;
        activeRemote = c.remote();
        modem.attachHost(c);
        c.started();
        LOG.info("host connected from {}", c.remote());
    }

    boolean isActive(HostConnection c) {
        return active == c;
    }

    /** {@code c} half-closed: the line is free at once; {@code c} keeps hearing the modem until its grace ends. */
    void released(HostConnection c) {
        if (active != c) {
            return;
        }
        active = null;
        activeRemote = null;
        leaving = c;
        lineFree();
    }

    /** The half-close grace of {@code c} is over. */
    void graceOver(HostConnection c) {
        if (leaving == c) {
            leaving = null;
            c.hangUp("host closed its side of the connection");
        }
    }

    /** {@code c}'s channel is closed. */
    void gone(HostConnection c, String why) {
        boolean owned = active == c || leaving == c;
        waiting.remove(c);
        if (leaving == c) {
            leaving = null;
        }
        modem.detachHost(c); // a no-op unless c is still the modem's host
        if (owned) {
            LOG.info("host {} disconnected: {}", c.remote(), why);
        }
        if (active == c) {
            active = null;
            activeRemote = null;
            lineFree();
        }
    }

    /** The server stops: hang up whoever has the line. */
    void closeAll() {
        modem.executor().execute(() -> {
            if (active != null) {
                active.hangUp("server closing");
            }
            if (leaving != null) {
                leaving.hangUp("server closing");
            }
            waiting.forEach(w -> w.hangUp("server closing"));
            waiting.clear();
        });
    }
}
