package dev.l610.modem.net;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One MQTT-SN client's UDP path through the bearer: the client sends to {@link #address()}, the relay
 * forwards to the gateway from a socket of its own and sends the answers back. Each datagram may be
 * delayed or lost as the bearer's impairment says, and nothing passes while the bearer is blackholed.
 */
public final class UdpRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpRelay.class);
    private static final int MAX_DATAGRAM = 65535;

    private final Bearer bearer;
    private final NioLoop loop;
    private final ScheduledExecutorService timers;
    private final DatagramChannel front;
    private final DatagramChannel back;
    private volatile SocketAddress client;
    private volatile boolean closed;

    UdpRelay(Bearer bearer, NioLoop loop, ScheduledExecutorService timers, InetSocketAddress gateway) throws IOException {
        this.bearer = bearer;
        this.loop = loop;
        this.timers = timers;
        front = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        back = DatagramChannel.open();
        back.connect(gateway);
        loop.register(front, SelectionKey.OP_READ, handler(front, true));
        loop.register(back, SelectionKey.OP_READ, handler(back, false));
    }

    /** Where the client sends its datagrams. */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) front.getLocalAddress();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private NioLoop.Handler handler(DatagramChannel ch, boolean fromClient) {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
        return new NioLoop.Handler() {
            @Override
            public void ready(SelectionKey key) throws IOException {
                while (true) {
                    buf.clear();
                    SocketAddress from;
                    try {
                        from = fromClient ? ch.receive(buf) : ch.read(buf) >= 0 ? back.getRemoteAddress() : null;
                    } catch (java.net.PortUnreachableException e) {
                        return; // the gateway is gone: the client finds out by its retransmissions
                    }
                    if (from == null || buf.position() == 0 && !fromClient) {
                        return;
                    }
                    if (fromClient) {
                        client = from;
                    }
                    buf.flip();
                    byte[] datagram = new byte[buf.remaining()];
                    buf.get(datagram);
                    forward(datagram, fromClient);
                }
            }

            @Override
            public void failed(Throwable cause) {
                LOG.debug("udp relay closed", cause);
            }
        };
    }

    private void forward(byte[] datagram, boolean toGateway) {
        if (bearer.blackholed() || bearer.dropsNext()) {
            return;
        }
        long delay = bearer.udpLatencyMillis();
        Runnable send = () -> loop.execute(() -> send(datagram, toGateway));
        if (delay > 0) {
            timers.schedule(send, delay, TimeUnit.MILLISECONDS);
        } else {
            send(datagram, toGateway);
        }
    }

    private void send(byte[] datagram, boolean toGateway) {
        if (closed) {
            return;
        }
        try {
            if (toGateway) {
                back.write(ByteBuffer.wrap(datagram));
            } else if (client != null) {
                front.send(ByteBuffer.wrap(datagram), client);
            }
        } catch (IOException e) {
            LOG.debug("udp relay send failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        bearer.forget(this);
        loop.execute(() -> {
            try {
                front.close();
                back.close();
            } catch (IOException ignored) {
                // closing
            }
        });
    }
}
