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

    private L610Driver(Link link, DriverOptions options) {
        this.link = link;
        this.exec = new DriverExecutors(options.name());
        this.channel = new CommandChannel(link.output(), options.timeouts(), exec, options.echoAtStart());
        this.mqtt = new MqttImpl(channel);
        this.modem = new ModemImpl(channel);
        // a link that failed is closed at once (a socket the peer half-closed, a port that vanished)
        channel.closed().whenComplete((why, e) -> link.close());
        LineFramer framer = new LineFramer(channel, options.maxLineLength());
        new LinkReader(link.input(), framer, channel, link.description()).start(options.name() + "-reader");
    }

    /** A driver with {@link DriverOptions#defaults()}. It owns the link from now on and closes it. */
    public static L610Driver open(Link link) {
        return open(link, DriverOptions.defaults());
    }

    public static L610Driver open(Link link, DriverOptions options) {
        return new L610Driver(Objects.requireNonNull(link, "link"), Objects.requireNonNull(options, "options"));
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
