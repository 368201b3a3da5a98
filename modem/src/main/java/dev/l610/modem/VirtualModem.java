package dev.l610.modem;

import dev.l610.modem.command.CommandRegistry;
import dev.l610.modem.general.BasicCommands;
import dev.l610.modem.general.ContextCommands;
import dev.l610.modem.general.IdentityCommands;
import dev.l610.modem.general.NetworkCommands;

import dev.l610.modem.internal.mqtt3.Mqtt3Connection;
import dev.l610.modem.internal.mqtt3.Mqtt3State;
import dev.l610.modem.internal.mqtt3.Mqtt3Tls;
import dev.l610.modem.internal.mqtt3.Resolver;
import dev.l610.modem.internal.net.PathFaults;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One virtual L610: an event-driven state machine, bytes in and bytes out. Every event (host bytes,
 * network changes, MQTT callbacks, timers) runs on the one Netty event loop of the shared
 * {@link ModemRuntime} this modem is pinned to ({@link #executor()}); so thousands of modems share a few threads.
 *
 * <p>Thread-safe: public methods may be called from any thread; they post to the modem's event loop.
 */
public final class VirtualModem implements AutoCloseable {

    private final ModemConfig config;
    private final ModemRuntime runtime;
    private final io.netty.channel.EventLoop loop;
    private final CommandRegistry registry = new CommandRegistry();
    private final NetworkState network;
    private final AtEngine engine;
    private volatile LineSink host;
    /** The radio path's faults: blackhole and shaping on the real sockets of this modem's connections. */
    private final PathFaults path;
    private final dev.l610.modem.mqtt.MqttService mqtt;
    /** With a throttle: host bytes reach the engine at the line rate. */
    private final PacedSink pacedInput;
    private final java.util.Random random;
    private volatile TimingProfile timing;
    private final Sim sim;
    private final NetworkCommands networkCommands;
    private final ContextCommands contextCommands;
    private final DriverCommands driverCommands;
    private final java.util.Map<Integer, Mqtt3State> states = java.util.Map.of(1, new Mqtt3State(), 2, new Mqtt3State());
    /**
     * The MQTT-SN sessions of ids 101, 102: like {@link #states}, they outlive each connection. Made at the first
     * open (most modems never open one), on the loop, where every open and reset runs.
     */
    private final java.util.Map<Integer, dev.l610.mqttsn.client.MqttSnSession> snStates = new java.util.HashMap<>(4);
    private long bootGeneration;

    public VirtualModem(ModemConfig config, ModemRuntime runtime) {
        this.config = config;
        this.runtime = runtime;
        this.loop = runtime.nextLoop();
        this.random = new java.util.Random(config.effectiveSeed());
        this.timing = config.timing();
        this.sim = new Sim(config.sim());
        this.network = new NetworkState(config.ip(), loop, () -> timing.registration().draw(random));
        this.engine = new AtEngine(registry, loop, config.maxLine(), config.dataTimeout());
        this.pacedInput = config.throttleBaud() > 0
                ? new PacedSink(b -> engine.input(b, 0, b.length), config.throttleBaud(), loop, "host input")
                : null;
        this.networkCommands = new NetworkCommands(config, network, engine::urc)
                .onReboot(() -> loop.execute(this::powerCycle))
                .mipcallDelay(loop, () -> timing.mipcall().draw(random));
        new BasicCommands(config, networkCommands::reset).register(registry);
        new IdentityCommands(config, sim, this::simReady).register(registry);
        networkCommands.register(registry);
        this.contextCommands = new ContextCommands(config, network);
        contextCommands.register(registry);
        this.path = new PathFaults(config.effectiveSeed());
        applyShaping();
        java.util.function.Function<String, CompletableFuture<java.net.InetAddress>> resolver = timed(Resolver.on(runtime.blocking()));
        this.mqtt = new dev.l610.modem.mqtt.MqttService(engine, loop, config.outcomeTimeout(), network,
                resolver,
                (id, params, address, events) -> new Mqtt3Connection(loop, runtime.socketChannelClass(), params, events,
                        states.get(id), params.tls() ? Mqtt3Tls.shared(config.caFile()) : null, path,
                        host -> CompletableFuture.completedFuture(address.getAddress()), config.outcomeTimeout())
                        .from(config.sourceAddress()),
                (id, params, address, events) -> new dev.l610.modem.mqtt.SnSession(params, events, runtime.snRuntime(), loop,
                        address, path::datagramHandler, config.snRetryInterval(), config.snRetries(),
                        size -> mqtt().hasRoom(id, size), snStates.computeIfAbsent(id, k -> new dev.l610.mqttsn.client.MqttSnSession())),
                config.storeMessages(), config.storeBytes());
        mqtt.openFailureDelay(() -> timing.openRefused().draw(random));
        mqtt.handshakeDelay(() -> timing.rtt().draw(random));
        new dev.l610.modem.mqtt.MqttCommands(mqtt, config, sim::restriction).register(registry);
        this.driverCommands = new DriverCommands(config, network, resolver, engine::urc, loop);
        driverCommands.register(registry);
        registry.seal(); // sorted here, before any other thread can look
        // docs/at-reference.md §5: the modem is powered on when it starts, and boots
        engine.powerOff();
        boot();
    }

    /**
     * Host-name look-ups take the profile's DNS time (for a name, not an address). The TCP handshake of
     * ids 1/2 is charged by the MQTT service ({@code handshakeDelay}), not here: MQTT-SN has none.
     */
    private java.util.function.Function<String, CompletableFuture<java.net.InetAddress>> timed(
            java.util.function.Function<String, CompletableFuture<java.net.InetAddress>> resolve) {
        return host -> {
            TimingProfile t = timing;
            java.time.Duration d = isAddress(host) ? java.time.Duration.ZERO : t.dns().draw(random);
            if (d.isZero()) {
                return resolve.apply(host);
            }
            CompletableFuture<java.net.InetAddress> f = new CompletableFuture<>();
            loop.schedule(() -> resolve.apply(host).whenComplete((a, e) -> {
                if (e != null) {
                    f.completeExceptionally(e);
                } else {
                    f.complete(a);
                }
            }), d.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            return f;
        };
    }

    /** An address literal, by the same rule as the MQTT service's (Netty's {@code NetUtil}): it takes no look-up time. */
    static boolean isAddress(String host) {
        return io.netty.util.NetUtil.createByteArrayFromIpAddressString(host) != null;
    }

    /** Boots: after the profile's boot time the line takes commands and, with a ready SIM, +SIM READY is written. */
    private void boot() {
        long g = ++bootGeneration;
        java.time.Duration d = timing.boot().draw(random);
        if (d.isZero()) {
            booted();
            return;
        }
        loop.schedule(() -> {
            if (g == bootGeneration) {
                booted();
            }
        }, d.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private void booted() {
        engine.powerOn();
        if (sim.ready()) {
            simReady();
        }
    }

    /** The SIM became ready (at boot, or by AT+CPIN): +SIM READY, then the modem registers. */
    private void simReady() {
        engine.urc("+SIM READY");
        network.simReady(true);
    }

    /**
     * A reset (AT+CFUN=1,1, a power cycle): every connection ends without DISCONNECT (wills are published),
     * stores and MQTT sessions are cleared, every setting is back to power-up; then the modem boots. On the loop.
     */
    void powerCycle() {
        engine.powerOff();
        mqtt.powerReset();
        path.resetAll();
        states.values().forEach(Mqtt3State::clear);
        snStates.values().forEach(dev.l610.mqttsn.client.MqttSnSession::clear); // their clients were aborted above
        networkCommands.powerReset();
        contextCommands.powerReset();
        driverCommands.powerReset();
        network.powerCycle();
        sim.powerUp();
        boot();
    }

    /** Fault: another SIM in the slot (docs/at-reference.md §5). On the loop. */
    void insertSim(SimSetting card) {
        sim.insert(card);
        if (!sim.ready()) {
            network.simReady(false);
        } else if (engine.powered() && !network.simReady()) {
            simReady();
        }
    }

    /** The timing profile from now on; its radio is the path's shaping under any shaping fault (both directions). */
    void timing(TimingProfile t) {
        timing = t;
        applyShaping();
    }

    public TimingProfile timing() {
        return timing;
    }

    /** The SIM's state now; read it on the modem's loop. */
    public Sim sim() {
        return sim;
    }

    /** True once booted (and until the next reset). */
    public CompletableFuture<Boolean> isBooted() {
        return call(m -> engine.powered());
    }

    private void applyShaping() {
        path.profile(dev.l610.modem.net.Direction.UPLINK, timing.shaping(dev.l610.modem.net.Direction.UPLINK));
        path.profile(dev.l610.modem.net.Direction.DOWNLINK, timing.shaping(dev.l610.modem.net.Direction.DOWNLINK));
    }

    /** The MQTT clients: status and the broker-connection fault ({@code breakConnection(id)}). */
    public dev.l610.modem.mqtt.MqttService mqtt() {
        return mqtt;
    }

    /** Fault injection: radio, registration, data context, broker connections. */
    public Faults faults() {
        return new Faults(this);
    }

    /** Faults of the radio path: blackhole and shaping act in the pipeline of every connection of this modem. */
    PathFaults path() {
        return path;
    }

    public ModemConfig config() {
        return config;
    }

    public ModemRuntime runtime() {
        return runtime;
    }

    /** The event loop every event of this modem runs on: its lines, connections and timers belong to it. */
    public io.netty.channel.EventLoop executor() {
        return loop;
    }

    /** Every command name the modem knows, sorted ({@code +CSQ}, {@code E}, ...). */
    public Set<String> commandNames() {
        return registry.names();
    }

    /**
     * The answer of a command's test form ({@code AT<name>=?}) without sending it over the line: its
     * parameter hints, for completion in a console. Empty when the command has no test form.
     */
    public CompletableFuture<java.util.List<String>> testForm(String name) {
        return call(m -> {
            dev.l610.modem.command.CommandRegistry.Entry e = registry.lookup(name.toUpperCase(java.util.Locale.ROOT));
            if (e == null || !name.startsWith("+")) {
                return java.util.List.<String>of();
            }
            try {
                var o = e.handler().handle(dev.l610.at.AtCommand.extended(name, dev.l610.at.CommandType.TEST, java.util.List.of()), engine);
                return o instanceof dev.l610.modem.command.Outcome.Done d && d.result().isOk() ? d.lines() : java.util.List.<String>of();
            } catch (RuntimeException ex) {
                return java.util.List.<String>of();
            }
        });
    }

    /**
     * Connects the host end of the loop line. Bytes the modem writes go to {@code sink}; URCs that
     * waited while no host was attached are written first. A half-typed command line is forgotten.
     */
    public void attachHost(LineSink sink) {
        host = sink;
        LineSink paced = config.throttleBaud() > 0 ? new PacedSink(sink, config.throttleBaud(), loop, "modem output") : sink;
        loop.execute(() -> {
            engine.resetFraming();
            engine.attach(paced);
        });
    }

    /** Disconnects {@code sink} if it is the attached host; URCs then wait (bounded) for the next one. */
    public void detachHost(LineSink sink) {
        loop.execute(() -> {
            if (host == sink) {
                host = null;
                engine.attach(null);
            }
        });
    }

    /**
     * Bytes from the host; the caller may reuse the array when this returns. Paced like a UART with a
     * throttle. Called on the modem's own event loop (a line channel registered there), the bytes are
     * processed at once, so a host that outruns the modem is held back by its channel's reads; from any
     * other thread they are copied and posted.
     */
    public void input(byte[] data, int off, int len) {
        if (pacedInput == null && loop.inEventLoop()) {
            engine.input(data, off, len);
            return;
        }
        byte[] copy = java.util.Arrays.copyOfRange(data, off, off + len);
        if (pacedInput != null) {
            pacedInput.write(copy);
        } else {
            loop.execute(() -> engine.input(copy, 0, copy.length));
        }
    }

    public void input(byte[] data) {
        input(data, 0, data.length);
    }

    /**
     * Whether the line takes more host bytes now. With a throttle, host bytes wait for the engine in a
     * bounded queue; while it is full this answers false and {@code resume} runs on the modem's loop once
     * there is room again: the link stops reading its host until then (a TCP channel turns autoRead off).
     * A link that asks after each read loses nothing; one that goes on writing loses the bytes past twice
     * the bound, as a UART without flow control would. Without a throttle always true.
     */
    public boolean acceptsInput(Runnable resume) {
        return pacedInput == null || pacedInput.room(resume);
    }

    /**
     * Installs the hook that may delay a command line, answer it instead, or put a line among an
     * answer's information lines (a scenario); null removes it. Takes effect on the modem's loop.
     */
    public void answerHook(AnswerHook hook) {
        loop.execute(() -> engine.answerHook(hook));
    }

    /**
     * Writes {@code bytes} to the host as they are, now, even in the middle of an answer or while the
     * modem boots (line noise, a stray fragment); lost when no host is attached. From any thread; on the
     * modem's loop (a line tap) they go out at once, ahead of the answer to the host bytes being read.
     */
    public void writeRaw(byte[] bytes) {
        if (loop.inEventLoop()) {
            engine.raw(bytes);
            return;
        }
        byte[] copy = bytes.clone();
        loop.execute(() -> engine.raw(copy));
    }

    public void addTap(LineTap tap) {
        engine.addTap(tap);
    }

    public void removeTap(LineTap tap) {
        engine.removeTap(tap);
    }

    /** Runs {@code action} on the modem's executor with its network state: the Java fault-injection API. */
    public CompletableFuture<Void> network(java.util.function.Consumer<NetworkState> action) {
        return call(m -> {
            action.accept(network);
            return null;
        });
    }

    /** Runs {@code f} on the modem's executor and completes with its result. */
    public <T> CompletableFuture<T> call(Function<VirtualModem, T> f) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(f.apply(this));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** The network state; touch it only from the modem's executor (see {@link #network(java.util.function.Consumer)}). */
    public NetworkState networkState() {
        return network;
    }

    /** Counters for status pages and tests. */
    public ModemCounters counters() {
        return new ModemCounters(engine.commandsRun.get(), engine.urcsDropped.get());
    }

    /** Sends an unsolicited line to the host (from any thread). */
    public void urc(String line) {
        loop.execute(() -> engine.urc(line));
    }

    @Override
    /**
     * Powers the modem off: every MQTT and MQTT-SN connection ends at once without DISCONNECT (as when
     * power is lost: the broker publishes the wills), and the host is detached. Waits for that on the
     * modem's loop unless called there, or the loop has already stopped (its channels are then closed).
     */
    public void close() {
        Runnable off = () -> {
            mqtt.abortAll();
            path.resetAll();
            host = null;
            engine.attach(null);
        };
        if (loop.inEventLoop()) {
            off.run();
            return;
        }
        try {
            loop.submit(off).awaitUninterruptibly(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the runtime is closed: Netty closed the modem's channels with its loop
        }
    }
}
