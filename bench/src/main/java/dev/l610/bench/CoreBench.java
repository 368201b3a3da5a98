package dev.l610.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import dev.l610.broker.EmbeddedBroker;
import dev.l610.modem.ModemRuntime;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The network core side by side with a raw HiveMQ MQTT client, against the same broker (a mosquitto
 * process when Debian's is installed, else the embedded broker), run alternately, with ratios:
 * QoS 1 outcome latency ({@code AT+MQTTPUB} to {@code +MQTTPUB: 1,1} vs publish to PUBACK), broker to
 * {@code +MQTTMSG} latency, pipelined QoS 0 and QoS 1 publishes through one AT line, and many modems
 * each holding a live connection (fds, heap and threads per connection, open rate).
 *
 * <p>Usage: {@code CoreBench [ops=5000] [rounds=3] [modems=2000] [tests=latency,msg,pipe0,pipe1,scale]
 * [broker=HOST:PORT]}. Figures are printed, never asserted.
 */
public final class CoreBench {

    private static final byte[] PAYLOAD = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress broker;
    private final int ops;

    private CoreBench(InetSocketAddress broker, int ops) {
        this.broker = broker;
        this.ops = ops;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.moquette", "off");
        Map<String, String> opt = new LinkedHashMap<>(Map.of("ops", "5000", "rounds", "3", "modems", "2000",
                "tests", "latency,msg,pipe0,pipe1,scale"));
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are key=value, was " + a);
            }
            opt.put(a.substring(0, eq), a.substring(eq + 1));
        }
        AutoCloseable owned = null;
        InetSocketAddress address;
        String brokerName;
        if (opt.containsKey("broker")) {
            String[] hp = opt.get("broker").split(":");
            address = new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
            brokerName = "broker at " + opt.get("broker");
        } else if (BrokerProcess.available()) {
            BrokerProcess p = BrokerProcess.start();
            owned = p;
            address = p.address();
            brokerName = "mosquitto (process, max_connections -1)";
        } else {
            EmbeddedBroker b = EmbeddedBroker.startEphemeral();
            owned = b;
            address = b.address();
            brokerName = "embedded Moquette";
        }
        int rounds = Integer.parseInt(opt.get("rounds"));
        CoreBench bench = new CoreBench(address, Integer.parseInt(opt.get("ops")));
        System.out.printf("CoreBench: %s; %d ops per run, %d rounds alternating raw/product; Java %s, %d cores%n",
                brokerName, bench.ops, rounds, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        try {
            for (String test : opt.get("tests").split(",")) {
                switch (test) {
                    case "latency" -> bench.alternate("QoS 1 outcome latency", rounds, bench::rawQos1Latency, bench::modemQos1Latency);
                    case "msg" -> bench.alternate("broker -> message latency", rounds, bench::rawMessageLatency, bench::modemMessageLatency);
                    case "pipe0" -> bench.alternateRate("pipelined QoS 0 publishes", rounds, () -> bench.rawPipelined(0), () -> bench.modemPipelined(0));
                    case "pipe1" -> bench.alternateRate("pipelined QoS 1 publishes", rounds, () -> bench.rawPipelined(1), () -> bench.modemPipelined(1));
                    case "scale" -> bench.scale(Integer.parseInt(opt.get("modems")));
                    default -> throw new IllegalArgumentException("unknown test " + test);
                }
            }
        } finally {
            if (owned != null) {
                owned.close();
            }
        }
        System.exit(0);
    }

    // ---- latency

    interface Samples {
        long[] run() throws Exception;
    }

    interface Rate {
        double run() throws Exception;
    }

    private void alternate(String what, int rounds, Samples raw, Samples product) throws Exception {
        raw.run(); // warm-up of both
        product.run();
        List<long[]> r = new ArrayList<>();
        List<long[]> p = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            r.add(raw.run());
            p.add(product.run());
        }
        long[] rs = merge(r);
        long[] ps = merge(p);
        System.out.printf("%-30s raw p50 %7.1f us p99 %7.1f us | l610 p50 %7.1f us p99 %7.1f us | ratio p50 %.2fx p99 %.2fx%n",
                what, us(rs, 50), us(rs, 99), us(ps, 50), us(ps, 99), us(ps, 50) / us(rs, 50), us(ps, 99) / us(rs, 99));
    }

    private void alternateRate(String what, int rounds, Rate raw, Rate product) throws Exception {
        raw.run();
        product.run();
        double r = 0;
        double p = 0;
        for (int i = 0; i < rounds; i++) {
            r += raw.run();
            p += product.run();
        }
        System.out.printf("%-30s raw %,10.0f msg/s | l610 %,10.0f msg/s | ratio %.2fx%n", what, r / rounds, p / rounds, p / r);
    }

    private Mqtt3AsyncClient raw(String id) {
        Mqtt3AsyncClient c = MqttClient.builder().useMqttVersion3().identifier(id).serverAddress(broker).buildAsync();
        c.connectWith().cleanSession(true).keepAlive(300).send().join();
        return c;
    }

    private long[] rawQos1Latency() {
        Mqtt3AsyncClient c = raw("raw-latency");
        long[] s = new long[ops];
        for (int i = 0; i < ops; i++) {
            long t0 = System.nanoTime();
            c.publishWith().topic("bench/latency").qos(MqttQos.AT_LEAST_ONCE).payload(PAYLOAD).send().join();
            s[i] = System.nanoTime() - t0;
        }
        c.disconnect().join();
        return s;
    }

    private String open(AtHost h, String clientId) throws InterruptedException {
        h.command("ATE0");
        h.command("AT+MQTTUSER=1,\"\",\"\",\"" + clientId + "\"");
        h.send("AT+MQTTOPEN=1,\"" + broker.getHostString() + "\"," + broker.getPort() + ",1,300");
        String got = h.await("+MQTTOPEN: 1,").text();
        if (!got.endsWith(",1")) {
            throw new IllegalStateException("open failed: " + got);
        }
        return got;
    }

    private long[] modemQos1Latency() throws Exception {
        try (ModemRuntime rt = ModemRuntime.create(); AtHost h = new AtHost(rt, "869548040012344")) {
            open(h, "l610-latency");
            String pub = "AT+MQTTPUB=1,\"bench/latency\",1,0,\"" + new String(PAYLOAD, StandardCharsets.US_ASCII) + "\"";
            long[] s = new long[ops];
            for (int i = 0; i < ops; i++) {
                long t0 = System.nanoTime();
                h.send(pub);
                AtHost.Line l = h.await("+MQTTPUB: 1,");
                if (!l.text().endsWith(",1")) {
                    throw new IllegalStateException("publish failed: " + l.text());
                }
                s[i] = l.nanos() - t0;
            }
            return s;
        }
    }

    private long[] rawMessageLatency() throws Exception {
        Mqtt3AsyncClient pub = raw("raw-msg-pub");
        Mqtt3AsyncClient sub = raw("raw-msg-sub");
        LinkedBlockingQueue<Long> got = new LinkedBlockingQueue<>();
        sub.publishes(MqttGlobalPublishFilter.ALL, p -> got.add(System.nanoTime()));
        sub.subscribeWith().topicFilter("bench/msg").qos(MqttQos.AT_MOST_ONCE).send().join();
        long[] s = messageLatency(pub, got);
        pub.disconnect().join();
        sub.disconnect().join();
        return s;
    }

    private long[] modemMessageLatency() throws Exception {
        Mqtt3AsyncClient pub = raw("l610-msg-pub");
        try (ModemRuntime rt = ModemRuntime.create(); AtHost h = new AtHost(rt, "869548040012344")) {
            open(h, "l610-msg-sub");
            h.send("AT+MQTTSUB=1,\"bench/msg\",0");
            h.await("+MQTTSUB: 1,1");
            LinkedBlockingQueue<Long> got = new LinkedBlockingQueue<>();
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        got.add(h.await("+MQTTMSG: 1,").nanos());
                    }
                } catch (InterruptedException | IllegalStateException e) {
                    // done
                }
            });
            t.setDaemon(true);
            t.start();
            long[] s = messageLatency(pub, got);
            t.interrupt();
            return s;
        } finally {
            pub.disconnect().join();
        }
    }

    private long[] messageLatency(Mqtt3AsyncClient pub, LinkedBlockingQueue<Long> got) throws InterruptedException {
        long[] s = new long[ops];
        for (int i = 0; i < ops; i++) {
            long t0 = System.nanoTime();
            pub.publishWith().topic("bench/msg").qos(MqttQos.AT_MOST_ONCE).payload(PAYLOAD).send();
            Long at = got.poll(60, TimeUnit.SECONDS);
            if (at == null) {
                throw new IllegalStateException("message " + i + " did not arrive within 60 s");
            }
            s[i] = at - t0;
        }
        return s;
    }

    // ---- pipelined publishes

    private double rawPipelined(int qos) {
        Mqtt3AsyncClient c = raw("raw-pipelined");
        int n = ops * 4;
        List<CompletableFuture<?>> all = new ArrayList<>(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            all.add(c.publishWith().topic("bench/pipe").qos(MqttQos.fromCode(qos)).payload(PAYLOAD).send());
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double rate = n / ((System.nanoTime() - t0) / 1e9);
        c.disconnect().join();
        return rate;
    }

    /** Command lines a pipelining host keeps unanswered (sent, no OK yet) on the AT line. */
    private static final int WINDOW = Integer.getInteger("corebench.window", 32);

    /**
     * A host that pipelines AT+MQTTPUB lines: up to WINDOW (default 32, -Dcorebench.window) sent and not yet answered OK, never
     * waiting for the outcomes, written half a window at a time (as a host on a TCP line writes a batch);
     * the figure is outcomes per second.
     */
    private double modemPipelined(int qos) throws Exception {
        try (ModemRuntime rt = ModemRuntime.create(); AtHost h = new AtHost(rt, "869548040012344")) {
            open(h, "l610-pipelined");
            int n = ops * 4;
            String pub = "AT+MQTTPUB=1,\"bench/pipe\"," + qos + ",0,\"" + new String(PAYLOAD, StandardCharsets.US_ASCII) + "\"";
            long t0 = System.nanoTime();
            int outcomes = 0;
            int sent = Math.min(WINDOW, n);
            int answered = 0;
            h.send(pub, sent);
            while (outcomes < n) {
                String l = h.await("").text();
                if (l.equals("OK")) {
                    answered++;
                    int room = WINDOW - (sent - answered);
                    if (room >= WINDOW / 2 && sent < n) {
                        int batch = Math.min(room, n - sent);
                        h.send(pub, batch);
                        sent += batch;
                    }
                } else if (l.startsWith("+MQTTPUB: 1,")) {
                    if (!l.endsWith(",1")) {
                        throw new IllegalStateException("publish failed: " + l);
                    }
                    outcomes++;
                }
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    // ---- many modems with a live connection

    private void scale(int modems) throws Exception {
        System.out.printf("%d connections, each side in turn:%n", modems);
        Footprint before = Footprint.now();
        long t0 = System.nanoTime();
        List<Mqtt3AsyncClient> raws = new ArrayList<>(modems);
        List<CompletableFuture<?>> acks = new ArrayList<>(modems);
        for (int i = 0; i < modems; i++) {
            Mqtt3AsyncClient c = MqttClient.builder().useMqttVersion3().identifier("raw-" + i).serverAddress(broker).buildAsync();
            raws.add(c);
            acks.add(c.connectWith().cleanSession(true).keepAlive(300).send());
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
        double rawRate = modems / ((System.nanoTime() - t0) / 1e9);
        Footprint raw = Footprint.now().minus(before);
        CompletableFuture.allOf(raws.stream().map(Mqtt3AsyncClient::disconnect).toArray(CompletableFuture[]::new)).join();
        raws.clear();
        report("raw HiveMQ", modems, raw, rawRate);

        before = Footprint.now();
        try (ModemRuntime rt = ModemRuntime.create()) {
            List<AtHost> hosts = new ArrayList<>(modems);
            t0 = System.nanoTime();
            for (int i = 0; i < modems; i++) {
                AtHost h = new AtHost(rt, "869548040012344");
                hosts.add(h);
                h.send("ATE0;+MQTTUSER=1,\"\",\"\",\"l610-" + i + "\";+MQTTOPEN=1,\"" + broker.getHostString() + "\","
                        + broker.getPort() + ",1,300");
            }
            for (AtHost h : hosts) {
                String got = h.await("+MQTTOPEN: 1,").text();
                if (!got.endsWith(",1")) {
                    throw new IllegalStateException("open failed: " + got);
                }
            }
            double rate = modems / ((System.nanoTime() - t0) / 1e9);
            Footprint product = Footprint.now().minus(before);
            report("l610 modems", modems, product, rate);
            System.out.printf("  ratios: fds %.2fx, heap per connection %+.1f KiB vs raw, open rate %.2fx%n",
                    (double) product.fds / raw.fds, (product.heap - raw.heap) / 1024.0 / modems, rate / rawRate);
            hosts.forEach(AtHost::close);
        }
    }

    private static void report(String who, int n, Footprint f, double rate) {
        System.out.printf("  %-12s fds %.2f per connection, heap %.1f KiB per connection, threads +%d, open rate %,.0f/s%n",
                who, (double) f.fds / n, f.heap / 1024.0 / n, f.threads, rate);
    }

    record Footprint(long fds, long heap, long threads) {
        static Footprint now() {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            String[] fd = new File("/proc/self/fd").list();
            return new Footprint(fd == null ? 0 : fd.length,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                    ManagementFactory.getThreadMXBean().getThreadCount());
        }

        Footprint minus(Footprint o) {
            return new Footprint(fds - o.fds, heap - o.heap, threads - o.threads);
        }
    }

    private static long[] merge(List<long[]> runs) {
        return runs.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    }

    private static double us(long[] sorted, int percentile) {
        int i = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1000.0;
    }
}
