package dev.l610.link;

import dev.l610.modem.LineSink;
import dev.l610.modem.VirtualModem;
import dev.l610.modem.net.NioLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The modem's serial line over TCP: each accepted connection is the host end of the line. One host at
 * a time, as on a UART: while a connection is active, a second one is told so in one line and closed.
 *
 * <p>Bytes the host does not read are queued up to {@link #MAX_PENDING_BYTES}; past that the host is
 * considered gone and its connection is closed (no unbounded buffer).
 */
public final class TcpModemServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpModemServer.class);
    /** Most bytes queued for a host that does not read. */
    public static final int MAX_PENDING_BYTES = 4 * 1024 * 1024;
    /** After a host half-closes, how long asynchronous answers (URCs) may still reach it. */
    static final long HALF_CLOSE_GRACE_MS = 500;

    private final VirtualModem modem;
    private final NioLoop loop;
    private final boolean ownLoop;
    private final ServerSocketChannel server;
    private final InetSocketAddress address;
    private volatile Connection active;

    private TcpModemServer(VirtualModem modem, NioLoop loop, boolean ownLoop, ServerSocketChannel server) throws IOException {
        this.modem = modem;
        this.loop = loop;
        this.ownLoop = ownLoop;
        this.server = server;
        this.address = (InetSocketAddress) server.getLocalAddress();
    }

    /** Listens on {@code bind} (port 0 = ephemeral) with a loop of its own. */
    public static TcpModemServer start(VirtualModem modem, InetSocketAddress bind) {
        return start(modem, bind, null);
    }

    /** Listens on {@code bind} using a shared loop (null: one of its own). */
    public static TcpModemServer start(VirtualModem modem, InetSocketAddress bind, NioLoop shared) {
        ServerSocketChannel ch;
        try {
            ch = ServerSocketChannel.open();
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(bind, 16);
        } catch (BindException e) {
            throw new LinkException("cannot listen on " + bind.getHostString() + ":" + bind.getPort()
                    + ": address already in use (another l610 running? pick a free port with --listen HOST:PORT)", e);
        } catch (IOException | RuntimeException e) {
            throw new LinkException("cannot listen on " + bind.getHostString() + ":" + bind.getPort() + ": " + e.getMessage(), e);
        }
        NioLoop loop = shared != null ? shared : new NioLoop("l610-tcp-" + bind.getPort());
        try {
            TcpModemServer s = new TcpModemServer(modem, loop, shared == null, ch);
            loop.register(ch, SelectionKey.OP_ACCEPT, s.acceptor());
            return s;
        } catch (IOException e) {
            throw new LinkException("cannot listen on " + bind + ": " + e.getMessage(), e);
        }
    }

    public InetSocketAddress address() {
        return address;
    }

    /** The remote address of the connected host, or null. */
    public InetSocketAddress activeHost() {
        Connection c = active;
        return c == null ? null : c.remote;
    }

    private NioLoop.Handler acceptor() {
        return new NioLoop.Handler() {
            @Override
            public void ready(SelectionKey key) throws IOException {
                SocketChannel ch;
                while ((ch = server.accept()) != null) {
                    accepted(ch);
                }
            }

            @Override
            public void failed(Throwable cause) {
                LOG.debug("acceptor closed", cause);
            }
        };
    }

    private void accepted(SocketChannel ch) throws IOException {
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
        Connection current = active;
        if (current != null) {
            String msg = "l610: the modem's serial line is in use by " + current.remote.getHostString() + ":"
                    + current.remote.getPort() + "; one host at a time\r\n";
            ch.write(ByteBuffer.wrap(msg.getBytes(StandardCharsets.US_ASCII)));
            ch.close();
            LOG.info("refused {}: line busy", remote);
            return;
        }
        Connection c = new Connection(ch, remote);
        active = c;
        LOG.info("host connected from {}", remote);
        loop.register(ch, SelectionKey.OP_READ, c);
        modem.attachHost(c);
    }

    /** One host connection: reads feed the modem, the modem's writes are queued and sent when writable. */
    private final class Connection implements NioLoop.Handler, LineSink {
        private final SocketChannel ch;
        private final InetSocketAddress remote;
        private final ByteBuffer readBuf = ByteBuffer.allocate(8192);
        private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
        private long pendingBytes;
        private boolean closed;
        private boolean closeWhenDrained;
        private volatile boolean readEnded;

        Connection(SocketChannel ch, InetSocketAddress remote) {
            this.ch = ch;
            this.remote = remote;
        }

        @Override
        public void ready(SelectionKey key) throws IOException {
            if (key.isReadable()) {
                readBuf.clear();
                int n = ch.read(readBuf);
                if (n < 0) {
                    inputEnded();
                    return;
                }
                if (n > 0) {
                    modem.input(readBuf.array(), 0, n);
                }
            }
            if (key.isValid() && key.isWritable()) {
                drain();
            }
        }

        @Override
        public void write(byte[] data) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (pendingBytes + data.length > MAX_PENDING_BYTES) {
                    LOG.warn("host {} does not read; closing its connection", remote);
                    loop.execute(() -> close("write queue full"));
                    return;
                }
                pending.add(ByteBuffer.wrap(data));
                pendingBytes += data.length;
            }
            loop.execute(() -> {
                try {
                    drain();
                } catch (IOException e) {
                    close("write failed: " + e.getMessage());
                }
            });
        }

        /**
         * The host sent FIN (e.g. {@code printf 'AT\r' | nc}): it may still read. Let the modem answer
         * what it already received, give asynchronous answers a short grace, write them, then close.
         */
        private void inputEnded() {
            readEnded = true;
            loop.interest(ch, 0);
            modem.call(m -> null).thenRunAsync(() -> loop.execute(() -> {
                synchronized (this) {
                    closeWhenDrained = true;
                }
                try {
                    drain();
                } catch (IOException e) {
                    close("write failed: " + e.getMessage());
                }
            }), java.util.concurrent.CompletableFuture.delayedExecutor(HALF_CLOSE_GRACE_MS, java.util.concurrent.TimeUnit.MILLISECONDS));
        }

        private void drain() throws IOException {
            boolean done;
            synchronized (this) {
                if (closed) {
                    return;
                }
                while (!pending.isEmpty()) {
                    ByteBuffer b = pending.peek();
                    int n = ch.write(b);
                    pendingBytes -= n;
                    if (b.hasRemaining()) {
                        loop.interest(ch, (readEnded ? 0 : SelectionKey.OP_READ) | SelectionKey.OP_WRITE);
                        return;
                    }
                    pending.poll();
                }
                done = closeWhenDrained;
            }
            if (done) {
                close("host closed its side of the connection");
            } else if (ch.isOpen()) {
                loop.interest(ch, readEnded ? 0 : SelectionKey.OP_READ);
            }
        }

        @Override
        public void failed(Throwable cause) {
            close(cause.getMessage());
        }

        void close(String why) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                pending.clear();
            }
            LOG.info("host {} disconnected: {}", remote, why);
            try {
                ch.close();
            } catch (IOException ignored) {
                // already gone
            }
            modem.detachHost(this);
            if (active == this) {
                active = null;
            }
        }
    }

    @Override
    public void close() {
        Runnable shut = () -> {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing
            }
            Connection c = active;
            if (c != null) {
                c.close("server closing");
            }
        };
        if (ownLoop) {
            loop.execute(shut);
            loop.close();
        } else {
            loop.execute(shut);
        }
    }
}
