package dev.l610.bench;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import dev.l610.broker.EmbeddedBroker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.l610.broker.RawMqtt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Issue 16: the embedded brokers side by side, one broker per JVM run (so "cold" is a fresh JVM).
 *
 * <pre>BrokerCompare moquette|moquette-raw|hivemq [pipelined=500] [cycles=10000] [seconds=5]</pre>
 *
 * {@code moquette} is {@link EmbeddedBroker} (Moquette 0.17 with l610's connect barrier), {@code moquette-raw}
 * the same without it ({@code -Dl610.broker.noBarrier=true}), {@code hivemq} HiveMQ CE 2025.5 embedded, in
 * memory, in a temp folder deleted afterwards, with an allow-all authenticator. Prints one line of
 * {@code key=value}. Logging is left unconfigured so the reset noise is what a user would see.
 */
public final class BrokerCompare {

    interface Broker extends AutoCloseable {
        InetSocketAddress address();

        @Override
        void close() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String which = args[0];
        int pipelined = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        if (which.equals("moquette-raw")) {
            System.setProperty("l610.broker.noBarrier", "true");
        }
        StringBuilder out = new StringBuilder("broker=" + which);
        long t0 = System.nanoTime();
        Broker b = start(which);
        out.append(String.format(" coldStartMs=%.0f", (System.nanoTime() - t0) / 1e6));
        t0 = System.nanoTime();
        b.close();
        out.append(String.format(" stopMs=%.0f", (System.nanoTime() - t0) / 1e6));
        t0 = System.nanoTime();
        b = start(which);
        out.append(String.format(" warmStartMs=%.0f", (System.nanoTime() - t0) / 1e6));
        try {
            out.append(String.format(" heap0MiB=%.1f", heapMiB()));
            List<RawMqtt> clients = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                RawMqtt c = new RawMqtt(b.address(), 10_000);
                c.send(RawMqtt.connect("idle-" + i, null, null));
                c.read();
                clients.add(c);
            }
            out.append(String.format(" heap1000MiB=%.1f", heapMiB()));
            for (RawMqtt c : clients) {
                c.send(RawMqtt.disconnect());
                c.close();
            }
            out.append(" pipelinedAnswered=").append(pipelined(b, pipelined)).append('/').append(pipelined);
            out.append(" raceDropped=").append(race(b, cycles)).append('/').append(cycles);
            out.append(" retainFlag=").append(retainFlag(b));
            out.append(" qos1PerSec=").append(qos1(b, seconds));
            out.append(" resetStderrLines=").append(resetNoise(b, 20)).append("/20resets");
        } finally {
            b.close();
        }
        System.out.println(out);
        System.exit(0);
    }

    static Broker start(String which) throws Exception {
        if (which.startsWith("moquette")) {
            EmbeddedBroker m = EmbeddedBroker.startEphemeral();
            return new Broker() {
                public InetSocketAddress address() {
                    return m.address();
                }

                public void close() {
                    m.close();
                }
            };
        }
        return HiveMq.start();
    }

    /** HiveMQ CE, in its own class so that the Moquette runs need none of its jars. */
    static final class HiveMq {
        static Broker start() throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path dir = Files.createTempDirectory("l610-hivemq");
            Path conf = Files.createDirectories(dir.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), "<hivemq><listeners><tcp-listener><port>" + port
                    + "</port><bind-address>127.0.0.1</bind-address></tcp-listener></listeners>"
                    + "<persistence><mode>in-memory</mode></persistence>"
                    + "<anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics></hivemq>");
            EmbeddedExtension allowAll = EmbeddedExtension.builder().withId("allow-all").withName("allow-all")
                    .withVersion("1").withPriority(0).withStartPriority(1000).withAuthor("l610")
                    .withExtensionMain(new ExtensionMain() {
                        public void extensionStart(ExtensionStartInput in, ExtensionStartOutput o) {
                            Services.securityRegistry().setAuthenticatorProvider(
                                    p -> (SimpleAuthenticator) (i, r) -> r.authenticateSuccessfully());
                        }

                        public void extensionStop(ExtensionStopInput in, ExtensionStopOutput o) {
                        }
                    }).build();
            EmbeddedHiveMQ h = EmbeddedHiveMQ.builder().withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(dir.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(dir.resolve("extensions")))
                    .withEmbeddedExtension(allowAll).build();
            h.start().join();
            InetSocketAddress a = new InetSocketAddress("127.0.0.1", port);
            return new Broker() {
                public InetSocketAddress address() {
                    return a;
                }

                public void close() throws Exception {
                    h.stop().join();
                    h.close();
                    try (Stream<Path> s = Files.walk(dir)) {
                        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            };
        }
    }

    static double heapMiB() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // lets the collector settle; a measurement, not a test
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    static int pipelined(Broker b, int n) {
        int ok = 0;
        for (int i = 0; i < n; i++) {
            try (RawMqtt c = new RawMqtt(b.address(), 3_000)) {
                c.send(RawMqtt.connect("pipe-" + i, null, null), RawMqtt.subscribe(7, "p/" + i, 1));
                if (RawMqtt.type(c.read()) == 2 && RawMqtt.type(c.read()) == 9) {
                    ok++;
                }
            } catch (IOException e) {
                // counted as not answered
            }
        }
        return ok;
    }

    static int race(Broker b, int cycles) throws Exception {
        AtomicInteger dropped = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            runs.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < cycles) {
                    try (RawMqtt c = new RawMqtt(b.address(), 10_000)) {
                        c.send(RawMqtt.connect("race-" + i, null, null));
                        c.read();
                        c.send(RawMqtt.subscribe(1, "r/" + i, 1));
                        if (RawMqtt.type(c.read()) != 9) {
                            dropped.incrementAndGet();
                        }
                        c.send(RawMqtt.disconnect());
                    } catch (IOException e) {
                        dropped.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : runs) {
            f.get();
        }
        pool.shutdown();
        return dropped.get();
    }

    static String retainFlag(Broker b) throws IOException {
        try (RawMqtt pub = new RawMqtt(b.address(), 10_000); RawMqtt sub = new RawMqtt(b.address(), 10_000)) {
            pub.send(RawMqtt.connect("retain-pub", null, null));
            pub.read();
            pub.send(RawMqtt.publish("ret/1", "kept".getBytes(StandardCharsets.US_ASCII), 1, true, 5));
            pub.read();
            sub.send(RawMqtt.connect("retain-sub", null, null));
            sub.read();
            sub.send(RawMqtt.subscribe(2, "ret/#", 1));
            byte[] p;
            do {
                p = sub.read();
            } while (RawMqtt.type(p) != 3);
            return (p[0] & 1) == 1 ? "set" : "missing";
        }
    }

    /** A raw QoS 1 publisher keeping 100 PUBLISHes outstanding, a raw QoS 1 subscriber acking each. */
    static String qos1(Broker b, int seconds) throws Exception {
        try (RawMqtt pub = new RawMqtt(b.address(), 10_000); RawMqtt sub = new RawMqtt(b.address(), 10_000)) {
            sub.send(RawMqtt.connect("tp-sub", null, null));
            sub.read();
            sub.send(RawMqtt.subscribe(1, "tp/1", 1));
            sub.read();
            pub.send(RawMqtt.connect("tp-pub", null, null));
            pub.read();
            byte[] payload = new byte[64];
            AtomicInteger received = new AtomicInteger();
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        byte[] p = sub.read();
                        if (RawMqtt.type(p) == 3) {
                            int tl = (p[1] & 0xff) << 8 | (p[2] & 0xff);
                            int id = (p[3 + tl] & 0xff) << 8 | (p[4 + tl] & 0xff);
                            sub.send(RawMqtt.puback(id));
                            received.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    // closed at the end
                }
            });
            reader.setDaemon(true);
            reader.start();
            int outstanding = 0;
            int id = 0;
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long acked = 0;
            while (System.nanoTime() < end) {
                while (outstanding < 100) {
                    id = id % 65535 + 1;
                    pub.send(RawMqtt.publish("tp/1", payload, 1, false, id));
                    outstanding++;
                }
                try {
                    if (RawMqtt.type(pub.read()) == 4) {
                        outstanding--;
                        acked++;
                    }
                } catch (java.net.SocketTimeoutException e) {
                    return "stalled(no PUBACK for 10 s after " + acked + ")";
                }
            }
            return String.format("%.0f", Math.min(acked, received.get()) / (double) seconds);
        }
    }

    /** Resets by the client; counts the lines the broker prints to stderr for them (logging unconfigured). */
    static int resetNoise(Broker b, int resets) throws Exception {
        PrintStream realErr = System.err;
        AtomicInteger lines = new AtomicInteger();
        System.setErr(new PrintStream(new OutputStream() {
            public void write(int c) {
                realErr.write(c);
                if (c == '\n') {
                    lines.incrementAndGet();
                }
            }
        }, true));
        try {
            for (int i = 0; i < resets; i++) {
                RawMqtt c = new RawMqtt(b.address(), 10_000);
                c.send(RawMqtt.connect("reset-" + i, null, null));
                c.read();
                c.reset();
            }
            // the last reset's log, if any, is written within moments; a measurement, not a test
            Thread.sleep(2_000);
        } finally {
            System.setErr(realErr);
        }
        return lines.get();
    }

}
