package dev.l610.embed;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.link.PtyLink;
import dev.l610.link.SerialLink;
import dev.l610.link.StdioLink;
import dev.l610.link.TcpModemServer;
import dev.l610.link.Transcript;
import dev.l610.modem.Faults;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.VirtualModem;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * A whole virtual L610 in one object: the modem, its serial line(s), an embedded MQTT broker, the
 * MQTT-SN gateway and the control API. {@code l610 serve} runs one; a Java test starts one in a line:
 * <pre>{@code
 * try (VirtualL610 l610 = VirtualL610.start()) {          // TCP line and broker on free 127.0.0.1 ports
 *     connectYourHostCodeTo(l610.atAddress());
 *     l610.faults().deregister().join();                   // +MQTTBREAK: <id>,3
 * }
 * }</pre>
 * The modem boots at start, so the first host connected to the line reads {@code \r\n+SIM READY\r\n}
 * first (docs/at-reference.md §5); {@code builder().timing(TimingProfile.of("cat1"), 42L)} makes it as slow
 * as a real module, {@code builder().sim(SimSetting.parse("pin:1234"))} locks its SIM:
 * <pre>{@code
 * VirtualL610.builder().timing(TimingProfile.of("cat1"), 42L).start();
 * }</pre>
 * Everything binds to 127.0.0.1 by default; closing stops everything it started, in reverse order.
 */
public final class VirtualL610 implements AutoCloseable {

    /** In-memory transcript kept for the control API: this many characters. */
    public static final int MEMORY_TRANSCRIPT_CHARS = 512 * 1024;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final VirtualModem modem;
    private final Transcript memory;
    private EmbeddedBroker broker;
    private dev.l610.mqttsn.gateway.MqttSnGateway gateway;
    private TcpModemServer tcp;
    private PtyLink pty;
    private dev.l610.link.TcpDialOut dialOut;
    private StdioLink stdio;
    private ControlServer control;
    private final java.util.function.Consumer<String> scenarioLog;
    private volatile dev.l610.embed.scenario.ScenarioRun scenarioRun;

    private VirtualL610(Builder b) {
        scenarioLog = b.scenarioLog;
        try {
            if (b.brokerPort >= 0) {
                broker = own(EmbeddedBroker.start("127.0.0.1", b.brokerPort, b.brokerOptions));
            }
            ModemConfig config = b.config;
            if (broker != null && broker.caPem() != null && config.caFile() == null) {
                config = config.toBuilder().caFile(broker.caPem()).build(); // AT+MQTTOPEN=...,2 to the TLS listener
            }
            ModemRuntime runtime = b.runtime != null ? b.runtime : own(ModemRuntime.create());
            if (b.gatewayPort >= 0) {
                InetSocketAddress target = b.gatewayBroker != null ? b.gatewayBroker : broker != null ? broker.address() : null;
                if (target == null) {
                    throw new IllegalArgumentException("the MQTT-SN gateway needs a broker: give it one (--gateway-broker HOST:PORT) "
                            + "or start the embedded broker");
                }
                gateway = own(startGateway(b, target, runtime));
            }
            modem = own(new VirtualModem(config, runtime));
            memory = own(Transcript.inMemory(MEMORY_TRANSCRIPT_CHARS, true)); // served over HTTP: passwords always masked
            modem.addTap(memory);
            if (b.transcriptFile != null) {
                Transcript t = own(Transcript.open(b.transcriptFile, b.maskSecrets, runtime.blocking()));
                modem.addTap(t);
            }
            if (b.listen != null) {
                tcp = own(TcpModemServer.start(modem, b.listen));
            }
            if (b.ptyPath != null) {
                pty = own(PtyLink.start(modem, b.ptyPath));
            }
            if (b.dialOut != null) {
                dialOut = own(dev.l610.link.TcpDialOut.start(modem, b.dialOut));
            }
            if (b.serialDevice != null) {
                own(SerialLink.start(modem, b.serialDevice, b.baud));
            }
            if (b.stdin != null) {
                stdio = own(StdioLink.start(modem, b.stdin, b.stdout));
            }
            if (b.control != null) {
                control = own(ControlServer.start(this, b.control));
            }
            own(this::stopScenario); // before the modem goes: the run's result is final, its timers cancelled
            if (b.scenario != null) {
                startScenario(b.scenario);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static dev.l610.mqttsn.gateway.MqttSnGateway startGateway(Builder b, InetSocketAddress target, ModemRuntime runtime) {
        var g = dev.l610.mqttsn.gateway.MqttSnGateway.builder()
                .bind(new InetSocketAddress("127.0.0.1", b.gatewayPort))
                .broker(target.getHostString(), target.getPort())
                .runtime(runtime.snRuntime());
        if (b.predefinedTopics != null) {
            g.predefinedTopics(b.predefinedTopics);
        }
        if (b.gatewaySetup != null) {
            b.gatewaySetup.accept(g); // credentials, TLS, limits
        }
        try {
            return g.build().start();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot start the MQTT-SN gateway on UDP 127.0.0.1:" + b.gatewayPort + ": "
                    + (e.getCause() instanceof java.net.BindException ? "port already in use" : e.getMessage()), e);
        }
    }

    /** TCP line and embedded broker on free 127.0.0.1 ports, default identity. */
    public static VirtualL610 start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    private <T extends AutoCloseable> T own(T c) {
        started.push(c);
        return c;
    }

    public VirtualModem modem() {
        return modem;
    }

    public Faults faults() {
        return modem.faults();
    }

    /** The scenario running or last run (its result stays readable), or null when none was started. */
    public dev.l610.embed.scenario.ScenarioRun scenario() {
        return scenarioRun;
    }

    /**
     * Starts {@code scenario} on this modem now, ending the one running first (its result is final then).
     * Its {@code publish} steps go through the embedded broker.
     */
    public synchronized dev.l610.embed.scenario.ScenarioRun startScenario(dev.l610.embed.scenario.Scenario scenario) {
        stopScenario();
        scenarioRun = dev.l610.embed.scenario.ScenarioRun.start(scenario, modem, broker, scenarioLog);
        return scenarioRun;
    }

    /** Ends the running scenario, if any, and waits (bounded) for its result; null when none was started. */
    public synchronized dev.l610.embed.scenario.ScenarioResult stopScenario() {
        var r = scenarioRun;
        if (r == null) {
            return null;
        }
        try {
            return r.stop().get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        }
    }

    /** The TCP serial line, or null when not listening. */
    public InetSocketAddress atAddress() {
        return tcp == null ? null : tcp.address();
    }

    /** The embedded broker, or null. */
    public InetSocketAddress brokerAddress() {
        return broker == null ? null : broker.address();
    }

    public EmbeddedBroker broker() {
        return broker;
    }

    /** The MQTT-SN gateway's counters, or null without a gateway. */
    public dev.l610.mqttsn.gateway.GatewayCounters gatewayCounters() {
        return gateway == null ? null : gateway.counters();
    }

    /** Clients the MQTT-SN gateway has a session for (connecting, connected or asleep); 0 without a gateway. */
    public int gatewaySessions() {
        return gateway == null ? 0 : gateway.sessionCount();
    }

    /** The MQTT-SN gateway (UDP), or null. */
    public InetSocketAddress gatewayAddress() {
        return gateway == null ? null : gateway.localAddress();
    }

    /** The control API, or null. */
    public InetSocketAddress controlAddress() {
        return control == null ? null : control.address();
    }

    /** The control server itself, or null (for tests). */
    ControlServer control() {
        return control;
    }

    /** The pseudo-terminal symlink, or null. */
    public Path ptyPath() {
        return pty == null ? null : pty.path();
    }

    /** Completes when stdin ends (stdio line only; never otherwise). */
    public CompletableFuture<Void> stdioEnded() {
        return stdio == null ? new CompletableFuture<>() : stdio.ended();
    }

    /** The last {@value #MEMORY_TRANSCRIPT_CHARS} characters of the line's transcript. */
    public String transcript() {
        return memory.text();
    }

    /** The host currently on the TCP line, or null. */
    public InetSocketAddress tcpHost() {
        return tcp == null ? null : tcp.activeHost();
    }

    /** {@code READY at=… mqtt=… mqttsn=… control=…} as {@code l610 serve} prints it. */
    public String readyLine() {
        String at = tcp != null ? format(tcp.address()) : pty != null ? pty.path().toString() : stdio != null ? "stdio"
                : dialOut != null ? "connect:" + format(dialOut.target()) : "-";
        return "READY at=" + at + " mqtt=" + format(brokerAddress()) + " mqttsn=" + format(gatewayAddress()) + " control=" + format(controlAddress());
    }

    private static String format(InetSocketAddress a) {
        return a == null ? "-" : a.getHostString() + ":" + a.getPort();
    }

    /** How long {@link #close()} lets the modem's MQTT sessions finish ending before it stops their event loops. */
    private static final long SESSIONS_END_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    @Override
    public synchronized void close() {
        AutoCloseable c;
        while ((c = started.poll()) != null) {
            if (c instanceof ModemRuntime && modem != null) {
                awaitSessionsEnded();
            }
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort: close the rest
            }
        }
    }

    /**
     * Closing the modem cuts its MQTT connections, but each session learns of it a moment later, on the
     * MQTT client's own thread, and hands the news to the modem's event loop. Stopping that loop first
     * made the MQTT client log a RejectedExecutionException with a long stack trace (seen when
     * {@code l610 serve} got SIGTERM with a client open and no host). Wait, briefly and bounded, until
     * the MQTT 3.1.1 client ids (1, 2) are idle. (MQTT-SN ids run over UDP: closing the modem does not
     * end them at once, and their client does not log the rejection.)
     */
    private void awaitSessionsEnded() {
        long deadline = System.nanoTime() + SESSIONS_END_NANOS;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                var clients = modem.mqtt().status().get(left, java.util.concurrent.TimeUnit.NANOSECONDS);
                if (clients.stream().allMatch(s -> s.id() > 2 || "IDLE".equals(s.state()))) {
                    return;
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            // the modem's loop is gone or busy: stop anyway
        }
    }

    /** What to start. Defaults: TCP line, broker and MQTT-SN gateway on free ports of 127.0.0.1, no control API. */
    public static final class Builder {
        private ModemConfig config = ModemConfig.defaults();
        private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 0);
        private int brokerPort = 0;
        private EmbeddedBroker.Options brokerOptions = new EmbeddedBroker.Options();
        private InetSocketAddress control;
        private Path ptyPath;
        private InetSocketAddress dialOut;
        private String serialDevice;
        private int baud = 115200;
        private InputStream stdin;
        private OutputStream stdout;
        private Path transcriptFile;
        private boolean maskSecrets;
        private ModemRuntime runtime;
        private int gatewayPort = 0;
        private InetSocketAddress gatewayBroker;
        private dev.l610.mqttsn.gateway.PredefinedTopics predefinedTopics;
        private java.util.function.Consumer<dev.l610.mqttsn.gateway.MqttSnGatewayBuilder> gatewaySetup;
        private dev.l610.embed.scenario.Scenario scenario;
        private java.util.function.Consumer<String> scenarioLog;

        private Builder() { // VirtualL610.builder()
        }

        public Builder config(ModemConfig v) { config = v; return this; }
        /** The SIM at power-up (docs/at-reference.md §5); changes {@link #config(ModemConfig) the config}. */
        public Builder sim(dev.l610.modem.SimSetting v) { config = config.toBuilder().sim(v).build(); return this; }
        /** The timing profile and its seed (docs/at-reference.md §8); changes the config. */
        public Builder timing(dev.l610.modem.TimingProfile v, Long seed) { config = config.toBuilder().timing(v).seed(seed).build(); return this; }
        /** TCP line address (port 0: a free one); null for no TCP line. */
        public Builder listen(InetSocketAddress v) { listen = v; return this; }
        /** Embedded broker port on 127.0.0.1 (0: a free one). */
        public Builder brokerPort(int v) { brokerPort = v; return this; }
        public Builder noBroker() { brokerPort = -1; return this; }
        /**
         * The embedded broker's options: a user and password ({@code +CME ERROR: 703} for a wrong one; give
         * the MQTT-SN gateway the same with {@link #gatewaySetup}, as {@code l610 serve} does), a TLS listener
         * (its CA PEM becomes the modem's {@code caFile} unless the config has one), persistence.
         */
        public Builder brokerOptions(EmbeddedBroker.Options v) { brokerOptions = v; return this; }
        /** MQTT-SN gateway UDP port on 127.0.0.1 (0: a free one). */
        public Builder gatewayPort(int v) { gatewayPort = v; return this; }
        public Builder noGateway() { gatewayPort = -1; return this; }
        /** The broker the gateway bridges to (default: the embedded one). */
        public Builder gatewayBroker(InetSocketAddress v) { gatewayBroker = v; return this; }
        public Builder predefinedTopics(dev.l610.mqttsn.gateway.PredefinedTopics v) { predefinedTopics = v; return this; }
        /** More settings for the gateway's builder (broker credentials, TLS, limits), applied before it starts. */
        public Builder gatewaySetup(java.util.function.Consumer<dev.l610.mqttsn.gateway.MqttSnGatewayBuilder> v) { gatewaySetup = v; return this; }
        /** Control API address (must be a loopback address); null for none. */
        public Builder control(InetSocketAddress v) { control = v; return this; }
        public Builder pty(Path v) { ptyPath = v; return this; }
        /** The serial line as a TCP connection the modem makes to {@code v} (an emulator's UART socket), made again whenever it drops. */
        public Builder connect(InetSocketAddress v) { dialOut = v; return this; }
        public Builder serial(String device, int baudRate) { serialDevice = device; baud = baudRate; return this; }
        public Builder stdio(InputStream in, OutputStream out) { stdin = in; stdout = out; return this; }
        public Builder transcript(Path file, boolean mask) { transcriptFile = file; maskSecrets = mask; return this; }
        public Builder maskSecrets(boolean v) { maskSecrets = v; return this; }
        /** Share threads with other modems (fleet); by default the L610 has its own and closes them. */
        public Builder runtime(ModemRuntime v) { runtime = v; return this; }

        /** A scenario to run from the start (docs/scenarios.md); read with {@link #scenario()}. */
        public Builder scenario(dev.l610.embed.scenario.Scenario v) { scenario = v; return this; }
        /** Reads a scenario file now (a bad one throws {@link dev.l610.embed.scenario.ScenarioException} naming the line). */
        public Builder scenario(Path file) { scenario = dev.l610.embed.scenario.Scenario.load(file); return this; }
        /** Gets one line per scenario step run and per expectation decided (on the modem's loop; must not block). */
        public Builder scenarioLog(java.util.function.Consumer<String> v) { scenarioLog = v; return this; }

        public VirtualL610 start() {
            return new VirtualL610(this);
        }
    }
}
