package dev.l610.link;

import dev.l610.modem.VirtualModem;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The serial line as a TCP connection the modem makes: to the UART socket an emulator offers (QEMU's
 * {@code -serial tcp::4444,server}, Renode's server socket terminal, a {@code native_sim} pty bridge), so
 * firmware running there talks AT to the modem. The connection runs on the modem's event loop like a
 * {@link TcpModemServer} host; when it cannot be made or drops, the modem tries again every
 * {@value #RETRY_MS} ms (an emulator that restarts finds its modem again), until {@link #close()}.
 */
public final class TcpDialOut implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpDialOut.class);
    /** Wait between two connection attempts. */
    static final long RETRY_MS = 1000;

    private final VirtualModem modem;
    private final InetSocketAddress target;
    private final LineOwner owner;
    private final Bootstrap bootstrap;
    private volatile boolean closed;
    private volatile Channel channel;
    private volatile boolean connected;
    private boolean failingLogged;

    private TcpDialOut(VirtualModem modem, InetSocketAddress target) {
        this.modem = modem;
        this.target = target;
        this.owner = new LineOwner(modem);
        this.bootstrap = new Bootstrap().group(modem.executor()).channel(modem.runtime().socketChannelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, false) // reading starts once the modem has attached the host
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(TcpModemServer.MAX_PENDING_BYTES / 2, TcpModemServer.MAX_PENDING_BYTES))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HostConnection(modem, owner, ch));
                    }
                });
    }

    /** Starts connecting to {@code target} (a name is resolved at each attempt); returns at once. */
    public static TcpDialOut start(VirtualModem modem, InetSocketAddress target) {
        TcpDialOut d = new TcpDialOut(modem, target);
        modem.executor().execute(d::attempt);
        return d;
    }

    private void attempt() {
        if (closed) {
            return;
        }
        ChannelFuture f = bootstrap.connect(target);
        channel = f.channel();
        f.addListener(c -> {
            if (!c.isSuccess()) {
                if (!failingLogged) {
                    LOG.info("serial line: cannot connect to {} ({}); trying every {} ms", where(), c.cause().getMessage(), RETRY_MS);
                    failingLogged = true;
                }
                retry();
                return;
            }
            failingLogged = false;
            connected = true;
            LOG.info("serial line: connected to {}", where());
            f.channel().closeFuture().addListener(x -> {
                connected = false;
                if (!closed) {
                    LOG.info("serial line: {} closed the connection; connecting again", where());
                    retry();
                }
            });
        });
    }

    private void retry() {
        if (!closed) {
            modem.executor().schedule(this::attempt, RETRY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private String where() {
        return target.getHostString() + ":" + target.getPort();
    }

    /** Where the modem connects to. */
    public InetSocketAddress target() {
        return target;
    }

    /** True while the connection is up. */
    public boolean connected() {
        return connected;
    }

    @Override
    public void close() {
        closed = true;
        Channel c = channel;
        if (c != null) {
            c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        try {
            owner.closeAll();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the runtime is closed: its loop closed the channel
        }
    }
}
