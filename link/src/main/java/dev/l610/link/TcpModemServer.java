package dev.l610.link;

import dev.l610.modem.VirtualModem;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The modem's serial line over TCP: each accepted connection is the host end of the line. One host at
 * a time, as on a UART: while a connection is active, a second one is told so in one line and closed.
 *
 * <p>Netty, no thread of its own: the listening channel runs on the {@link dev.l610.modem.ModemRuntime}'s
 * group and every accepted connection on the modem's own event loop, so host bytes reach
 * {@link VirtualModem#input} with no hand-off and the modem's output is written on the same loop. A host
 * that sends faster than the modem takes (with {@code --throttle}) is held back by its channel
 * ({@code autoRead} off); bytes the host does not read are queued up to {@link #MAX_PENDING_BYTES}, past
 * that the host is considered gone and its connection is closed (no unbounded buffer).
 *
 * <p>The line is released the moment a host closes or half-closes its side, so the next host is never
 * refused by one that left. A host that only half-closed ({@code printf 'AT\r' | nc}) still gets its
 * answers and, for {@link #HALF_CLOSE_GRACE_MS} ms, URCs, unless a next host takes the line first. A
 * connection that arrives while the line is taken waits up to {@link LineOwner#CLAIM_WAIT_MS} ms for it
 * (a host that closes and reconnects at once may be accepted before its old connection's end is read),
 * then gets the one-line refusal; its own bytes are read and dropped until it closes, so the refusal is
 * never lost to a TCP reset.
 */
public final class TcpModemServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpModemServer.class);
    /** Most bytes queued for a host that does not read. */
    public static final int MAX_PENDING_BYTES = 4 * 1024 * 1024;
    /** After a host half-closes, how long asynchronous answers (URCs) may still reach it. */
    static final long HALF_CLOSE_GRACE_MS = 500;

    private final Channel server;
    private final InetSocketAddress address;
    private final LineOwner owner;

    private TcpModemServer(Channel server, LineOwner owner) {
        this.server = server;
        this.address = (InetSocketAddress) server.localAddress();
        this.owner = owner;
    }

    /**
     * Listens on {@code bind} (port 0 = ephemeral) on the modem's runtime.
     *
     * @throws LinkException when the address is taken or cannot be bound
     */
    public static TcpModemServer start(VirtualModem modem, InetSocketAddress bind) {
        LineOwner owner = new LineOwner(modem);
        ServerBootstrap b = new ServerBootstrap()
                .group(modem.runtime().group(), modem.executor())
                .channel(modem.runtime().serverSocketChannelClass())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 16)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false) // reading starts once the modem has attached the host
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(MAX_PENDING_BYTES / 2, MAX_PENDING_BYTES))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HostConnection(modem, owner, ch));
                    }
                });
        ChannelFuture bound = b.bind(bind).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw bindFailure(bind, bound.cause());
        }
        return new TcpModemServer(bound.channel(), owner);
    }

    private static LinkException bindFailure(InetSocketAddress bind, Throwable cause) {
        String where = bind.getHostString() + ":" + bind.getPort();
        String msg = String.valueOf(cause.getMessage());
        if (cause instanceof BindException || msg.contains("Address already in use")) {
            return new LinkException("cannot listen on " + where
                    + ": address already in use (another l610 running? pick a free port with --listen HOST:PORT)", cause);
        }
        return new LinkException("cannot listen on " + where + ": " + msg, cause);
    }

    public InetSocketAddress address() {
        return address;
    }

    /** The remote address of the connected host, or null (also null once a host has closed or half-closed). */
    public InetSocketAddress activeHost() {
        return owner.activeHost();
    }

    @Override
    public void close() {
        ChannelFuture closing = server.close();
        owner.closeAll();
        if (!server.eventLoop().inEventLoop()) {
            closing.awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        LOG.debug("stopped listening on {}", address);
    }
}
