package dev.l610.modem.net;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The modem's radio bearer: every TCP connection the modem makes to a broker goes through it, so
 * network faults act on real sockets. It is a SOCKS5 server (RFC 1928, user/password RFC 1929) on
 * 127.0.0.1 that the MQTT client uses as proxy; the SOCKS user name tags each connection with the AT
 * client id that owns it.
 *
 * <ul>
 *   <li>{@link #cut(String)} / {@link #cutAll()}: both sides see the connection reset at once, as when
 *       the radio link or the broker vanishes.</li>
 *   <li>{@link #blackhole(boolean)}: bytes are dropped and nothing is closed, as when the path dies
 *       silently; only keepalives notice.</li>
 * </ul>
 */
public final class Bearer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Bearer.class);
    private static final int BUFFER = 16 * 1024;

    private final NioLoop loop;
    private final Executor resolver;
    private ServerSocketChannel server;
    private InetSocketAddress address;
    private boolean closed;
    private final Set<Relay> relays = ConcurrentHashMap.newKeySet();
    private volatile boolean blackhole;
    private final Set<UdpRelay> udpRelays = ConcurrentHashMap.newKeySet();
    private volatile long udpLatencyMillis;
    private volatile double udpLoss;
    private final java.util.Random lossDice = new java.util.Random();
    private volatile java.util.concurrent.ScheduledExecutorService timers;

    /**
     * @param loop the selector thread to use
     * @param resolver where host names are resolved (blocking), never the loop thread
     */
    public Bearer(NioLoop loop, Executor resolver) {
        this.loop = loop;
        this.resolver = resolver;
    }

    /** Opens the SOCKS listener on first use: a modem that never opens an MQTT client holds no socket. */
    private synchronized ServerSocketChannel server() {
        if (server != null) {
            return server;
        }
        if (closed) {
            throw new IllegalStateException("the bearer is closed");
        }
        ServerSocketChannel ch;
        try {
            ch = ServerSocketChannel.open();
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            address = (InetSocketAddress) ch.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the modem's bearer on 127.0.0.1", e);
        }
        loop.register(ch, SelectionKey.OP_ACCEPT, new NioLoop.Handler() {
            @Override
            public void ready(SelectionKey key) throws IOException {
                SocketChannel c;
                while ((c = ch.accept()) != null) {
                    Relay r = new Relay(c);
                    relays.add(r);
                    loop.register(c, SelectionKey.OP_READ, r.clientSide);
                }
            }

            @Override
            public void failed(Throwable cause) {
                LOG.debug("bearer acceptor closed", cause);
            }
        });
        server = ch;
        return ch;
    }

    /**
     * A UDP path for an MQTT-SN client to {@code gateway}, subject to blackhole and the UDP impairment.
     *
     * @throws java.io.UncheckedIOException when no local socket can be opened
     */
    public UdpRelay udpRelay(InetSocketAddress gateway, java.util.concurrent.ScheduledExecutorService scheduler) {
        timers = scheduler;
        try {
            UdpRelay r = new UdpRelay(this, loop, scheduler, gateway);
            udpRelays.add(r);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a UDP path to " + gateway, e);
        }
    }

    /**
     * Fault on the MQTT-SN (UDP) path: every datagram, both ways, is delayed by {@code latencyMillis} and
     * lost with probability {@code loss} (0..1). {@code (0, 0)} ends it.
     */
    public void udpImpairment(long latencyMillis, double loss) {
        if (latencyMillis < 0 || loss < 0 || loss > 1) {
            throw new IllegalArgumentException("latency must be >= 0 ms and loss in 0..1, were " + latencyMillis + ", " + loss);
        }
        udpLatencyMillis = latencyMillis;
        udpLoss = loss;
    }

    long udpLatencyMillis() {
        return udpLatencyMillis;
    }

    boolean blackholed() {
        return blackhole;
    }

    boolean dropsNext() {
        double p = udpLoss;
        if (p <= 0) {
            return false;
        }
        synchronized (lossDice) {
            return lossDice.nextDouble() < p;
        }
    }

    void forget(UdpRelay r) {
        udpRelays.remove(r);
    }

    /** The SOCKS5 proxy address for the MQTT client. */
    public synchronized InetSocketAddress proxyAddress() {
        server();
        return address;
    }

    /** Resets every connection tagged {@code tag}. */
    public void cut(String tag) {
        loop.execute(() -> relays.stream().filter(r -> tag.equals(r.tag)).toList().forEach(r -> r.close(true)));
    }

    /** Resets every connection. */
    public void cutAll() {
        loop.execute(() -> relays.stream().toList().forEach(r -> r.close(true)));
    }

    /** Drops all bytes in both directions while on; connections stay open. */
    public void blackhole(boolean on) {
        blackhole = on;
    }

    /**
     * When bytes last came from the far end on a connection tagged {@code tag} ({@link System#nanoTime()}),
     * or 0 when there is none. Blackholed bytes do not count: the modem never got them.
     */
    public long lastInbound(String tag) {
        long last = 0;
        for (Relay r : relays) {
            if (tag.equals(r.tag)) {
                last = Math.max(last, r.lastInbound);
            }
        }
        return last;
    }

    public int openConnections() {
        return relays.size();
    }

    @Override
    public void close() {
        ServerSocketChannel ch;
        synchronized (this) {
            closed = true;
            ch = server;
        }
        loop.execute(() -> {
            try {
                if (ch != null) {
                    ch.close();
                }
            } catch (IOException ignored) {
                // closing
            }
            relays.stream().toList().forEach(r -> r.close(true));
        });
        udpRelays.stream().toList().forEach(UdpRelay::close);
    }

    private enum Phase { GREETING, AUTH, REQUEST, CONNECTING, RELAY }

    /** One proxied connection: SOCKS5 handshake, then bytes both ways. */
    private final class Relay {
        private final SocketChannel client;
        private SocketChannel upstream;
        private final ByteBuffer in = ByteBuffer.allocate(BUFFER);   // client -> upstream
        private final ByteBuffer out = ByteBuffer.allocate(BUFFER);  // upstream -> client
        private Phase phase = Phase.GREETING;
        private volatile String tag = "";
        private volatile long lastInbound;
        private boolean closed;
        private final NioLoop.Handler clientSide = new Side(true);
        private final NioLoop.Handler upstreamSide = new Side(false);

        Relay(SocketChannel client) {
            this.client = client;
        }

        private final class Side implements NioLoop.Handler {
            private final boolean isClient;

            Side(boolean isClient) {
                this.isClient = isClient;
            }

            @Override
            public void ready(SelectionKey key) throws IOException {
                if (isClient) {
                    clientReady(key);
                } else {
                    upstreamReady(key);
                }
            }

            @Override
            public void failed(Throwable cause) {
                close(false);
            }
        }

        void clientReady(SelectionKey key) throws IOException {
            if (key.isReadable()) {
                int n = client.read(in);
                if (n < 0) {
                    close(false);
                    return;
                }
                if (phase != Phase.RELAY) {
                    handshake();
                }
            }
            if (key.isValid() && key.isWritable()) {
                flush(out, client);
            }
            if (phase == Phase.RELAY) {
                pump();
            }
        }

        void upstreamReady(SelectionKey key) throws IOException {
            if (key.isConnectable()) {
                try {
                    upstream.finishConnect();
                } catch (IOException e) {
                    reply(5); // connection refused
                    return;
                }
                phase = Phase.RELAY;
                lastInbound = System.nanoTime();
                reply(0);
                key.interestOps(SelectionKey.OP_READ);
                return;
            }
            if (key.isReadable()) {
                int n = upstream.read(out);
                if (n < 0) {
                    close(false);
                    return;
                }
                if (n > 0 && !blackhole) {
                    lastInbound = System.nanoTime();
                }
            }
            if (key.isValid() && key.isWritable()) {
                flush(in, upstream);
            }
            pump();
        }

        /** Moves buffered bytes on (or drops them in blackhole mode) and sets interest accordingly. */
        private void pump() throws IOException {
            if (closed) {
                return;
            }
            if (blackhole) {
                in.clear();
                out.clear();
            }
            flush(in, upstream);
            flush(out, client);
            int clientOps = (in.hasRemaining() ? SelectionKey.OP_READ : 0) | (out.position() > 0 ? SelectionKey.OP_WRITE : 0);
            int upOps = (out.hasRemaining() ? SelectionKey.OP_READ : 0) | (in.position() > 0 ? SelectionKey.OP_WRITE : 0);
            loop.interest(client, clientOps);
            loop.interest(upstream, upOps);
        }

        private void flush(ByteBuffer buf, SocketChannel to) throws IOException {
            if (buf.position() == 0 || to == null || !to.isConnected()) {
                return;
            }
            buf.flip();
            to.write(buf);
            buf.compact();
        }

        /** RFC 1928 §3-4 and RFC 1929: greeting, optional user/password, CONNECT request. */
        private void handshake() {
            in.flip();
            try {
                while (true) {
                    if (phase == Phase.GREETING) {
                        if (in.remaining() < 2 || in.remaining() < 2 + (in.get(in.position() + 1) & 0xff)) {
                            return;
                        }
                        if (in.get() != 5) {
                            close(false);
                            return;
                        }
                        int n = in.get() & 0xff;
                        boolean userPass = false;
                        for (int i = 0; i < n; i++) {
                            userPass |= in.get() == 2;
                        }
                        send(new byte[] {5, (byte) (userPass ? 2 : 0)});
                        phase = userPass ? Phase.AUTH : Phase.REQUEST;
                    } else if (phase == Phase.AUTH) {
                        int p = in.position();
                        if (in.remaining() < 2 || in.remaining() < 3 + (in.get(p + 1) & 0xff)) {
                            return;
                        }
                        int ulen = in.get(p + 1) & 0xff;
                        int plen = in.get(p + 2 + ulen) & 0xff;
                        if (in.remaining() < 3 + ulen + plen) {
                            return;
                        }
                        in.get();
                        in.get();
                        byte[] user = new byte[ulen];
                        in.get(user);
                        in.get();
                        in.position(in.position() + plen);
                        tag = new String(user, StandardCharsets.US_ASCII);
                        send(new byte[] {1, 0});
                        phase = Phase.REQUEST;
                    } else if (phase == Phase.REQUEST) {
                        request();
                        return;
                    } else {
                        return;
                    }
                }
            } finally {
                in.compact();
            }
        }

        private void request() {
            int p = in.position();
            if (in.remaining() < 5) {
                return;
            }
            int atyp = in.get(p + 3) & 0xff;
            int addrLen = atyp == 1 ? 4 : atyp == 4 ? 16 : atyp == 3 ? 1 + (in.get(p + 4) & 0xff) : -1;
            if (addrLen < 0 || in.get(p) != 5 || in.get(p + 1) != 1) {
                reply(7); // command or address type not supported
                return;
            }
            if (in.remaining() < 4 + addrLen + 2) {
                return;
            }
            in.position(p + 4);
            String host;
            if (atyp == 3) {
                byte[] name = new byte[in.get() & 0xff];
                in.get(name);
                host = new String(name, StandardCharsets.US_ASCII);
            } else {
                byte[] a = new byte[addrLen];
                in.get(a);
                try {
                    host = InetAddress.getByAddress(a).getHostAddress();
                } catch (IOException e) {
                    reply(4);
                    return;
                }
            }
            int port = ((in.get() & 0xff) << 8) | (in.get() & 0xff);
            phase = Phase.CONNECTING;
            loop.interest(client, 0);
            resolver.execute(() -> {
                InetSocketAddress target = new InetSocketAddress(host, port);
                loop.execute(() -> connect(target));
            });
        }

        private void connect(InetSocketAddress target) {
            if (closed) {
                return;
            }
            if (target.isUnresolved()) {
                reply(4); // host unreachable
                return;
            }
            try {
                upstream = SocketChannel.open();
                upstream.configureBlocking(false);
                upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
                upstream.connect(target);
                loop.register(upstream, SelectionKey.OP_CONNECT, upstreamSide);
            } catch (IOException e) {
                reply(5);
            }
        }

        private void reply(int code) {
            send(new byte[] {5, (byte) code, 0, 1, 0, 0, 0, 0, 0, 0});
            if (code != 0) {
                close(false);
            } else {
                loop.interest(client, SelectionKey.OP_READ);
            }
        }

        private void send(byte[] b) {
            try {
                client.write(ByteBuffer.wrap(b)); // handshake replies are tiny: one write is enough
            } catch (IOException e) {
                close(false);
            }
        }

        void close(boolean reset) {
            if (closed) {
                return;
            }
            closed = true;
            relays.remove(this);
            for (SocketChannel ch : new SocketChannel[] {client, upstream}) {
                if (ch == null) {
                    continue;
                }
                try {
                    if (reset && ch.isOpen()) {
                        ch.setOption(StandardSocketOptions.SO_LINGER, 0);
                    }
                    ch.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }
}
