package dev.l610.driver;

import dev.l610.driver.internal.CommandChannel;
import dev.l610.driver.internal.DriverExecutors;
import dev.l610.driver.internal.LineFramer;
import dev.l610.driver.internal.LinkReader;
import dev.l610.driver.internal.ModemImpl;
import dev.l610.driver.internal.MqttImpl;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A driver for one L610 (real or virtual) on one {@link Link}: the entry point.
 *
 * <pre>{@code
 * try (L610Driver l610 = L610Driver.open(Links.tcp("127.0.0.1", 5610))) {
 *     ModemInfo info = l610.modem().bringUp(BringUpOptions.defaults()).join();
 *     MqttClient c = l610.mqtt().client(1);
 *     c.open(MqttServer.of("127.0.0.1", 1883)).join();
 *     c.publish("hello", Qos.AT_LEAST_ONCE, false, "world").join();
 * }
 * }</pre>
 *
 * <p>Threads: one reader per link (it never runs user code), one event thread for listeners, one timer,
 * and a small pool that completes futures. Thread-safe.
 */
public final class L610Driver implements AutoCloseable {

    private final Link link;
    private final DriverExecutors exec;
    private final CommandChannel channel;
    private final MqttImpl mqtt;
    private final ModemImpl modem;
    private final LineFramer framer;

    private L610Driver(Link link, DriverOptions options, java.util.concurrent.ScheduledExecutorService shared) {
        this.link = link;
        this.exec = shared == null ? new DriverExecutors(options.name()) : new DriverExecutors(shared);
        this.channel = new CommandChannel(link.output(), options.timeouts(), exec, options.echoAtStart());
        this.mqtt = new MqttImpl(channel);
        this.modem = new ModemImpl(channel);
        // a link that failed is closed at once (a socket the peer half-closed, a port that vanished)
        channel.closed().whenComplete((why, e) -> link.close());
        this.framer = new LineFramer(channel, options.maxLineLength());
        if (shared == null) {
            new LinkReader(link.input(), framer, channel, link.description()).start(options.name() + "-reader");
        }
    }

    /** A driver with {@link DriverOptions#defaults()}. It owns the link from now on and closes it. */
    public static L610Driver open(Link link) {
        return open(link, DriverOptions.defaults());
    }

    public static L610Driver open(Link link, DriverOptions options) {
        return new L610Driver(Objects.requireNonNull(link, "link"), Objects.requireNonNull(options, "options"), null);
    }

    /**
     * A driver without threads of its own, for many modems in one process: the modem's bytes are pushed
     * to it with {@link #received(byte[], int, int)} (nothing reads {@code link.input()}), and its timers,
     * listeners and future completions all run as tasks on {@code executor}, which the caller owns and
     * which must run one task at a time (a single thread such as a Netty event loop). Code chained to the
     * futures then runs there too and must not block: {@code join()} on that thread never returns.
     * {@link Modem#bringUp} and {@link Modem#identity} wait on the common pool instead.
     *
     * @param link where commands are written ({@code output()}); its {@code input()} is not read
     */
    public static L610Driver attach(Link link, DriverOptions options, java.util.concurrent.ScheduledExecutorService executor) {
        return new L610Driver(Objects.requireNonNull(link, "link"), Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(executor, "executor"));
    }

    /**
     * Bytes from the modem, for a driver made by {@link #attach}: framed and handled at once (the array
     * may be reused when this returns). Called by one thread at a time, the executor's own thread
     * preferably; never while a write of this driver is in progress on the same thread.
     */
    public void received(byte[] data, int off, int len) {
        channel.beginChunk();
        try {
            framer.feed(data, off, len);
        } finally {
            channel.endChunk();
        }
    }

    /** For a driver made by {@link #attach}: the modem side closed the link; everything waiting fails. */
    public void peerClosed() {
        channel.peerClosed(link.description());
    }

    /** Raw commands and URC listeners. */
    public AtChannel at() {
        return channel;
    }

    /** MQTT clients 1, 2, 101, 102 and their listeners. */
    public Mqtt mqtt() {
        return mqtt;
    }

    /** General commands and bring-up. */
    public Modem modem() {
        return modem;
    }

    /** The link this driver runs on. */
    public Link link() {
        return link;
    }

    /** True until the link went down or {@link #close()} was called. */
    public boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Completes (normally) when the link is down, with the exception that pending commands failed with;
     * its message says why (peer closed, read failed, closed by the application).
     */
    public CompletableFuture<LinkClosedException> closed() {
        return channel.closed();
    }

    /**
     * Fails every pending and queued command with {@link LinkClosedException}, closes the link and stops
     * the driver's threads. Idempotent.
     */
    @Override
    public void close() {
        channel.linkDown("closed by the application", null);
        link.close();
        exec.close();
    }
}
