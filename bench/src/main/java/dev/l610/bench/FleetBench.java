package dev.l610.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import dev.l610.fleet.Behaviour;
import dev.l610.fleet.Fleet;
import dev.l610.fleet.FleetOptions;
import dev.l610.fleet.FleetReport;
import dev.l610.fleet.Progress;
import dev.l610.fleet.SourceAddresses;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The fleet at scale, side by side with a raw HiveMQ client holding as many connections: N devices
 * (modem + host driver + behaviour, each with a live MQTT connection to mosquitto) ramped up, held
 * for a while with keepalive only, counting false {@code +MQTTBREAK}s; heap (after GC), threads and
 * file descriptors per connection, and opens per second. Figures are printed, never asserted.
 *
 * <p>Usage: {@code FleetBench [devices=18000] [hold=120] [ramp=4000] [keepalive=60] [broker=HOST:PORT] [raw=true] [warmup=0] [sources=127.0.0.0/8]}
 * ({@code raw=false} skips the raw client's run, for profiling the fleet alone; {@code warmup=N} first runs a fleet
 * of N and closes it, so the measured ramp runs on compiled code rather than paying for the JIT compiler's work).
 */
public final class FleetBench {

    private FleetBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Map<String, String> opt = new LinkedHashMap<>(Map.of("devices", "18000", "hold", "120", "ramp", "4000", "keepalive", "60", "raw", "true", "warmup", "0", "sources", "127.0.0.0/8"));
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are key=value, was " + a);
            }
            opt.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int n = Integer.parseInt(opt.get("devices"));
        // sources=127.0.0.0/8 (the default, as l610 fleet does for a broker on this machine): both runs' connections
        // come from these addresses; sources= (empty): the system's choice
        SourceAddresses sources = opt.get("sources").isEmpty() ? null : SourceAddresses.parse(opt.get("sources"));
        int hold = Integer.parseInt(opt.get("hold"));
        int keepalive = Integer.parseInt(opt.get("keepalive"));
        AutoCloseable owned = null;
        InetSocketAddress broker;
        if (opt.containsKey("broker")) {
            String[] hp = opt.get("broker").split(":");
            broker = new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
        } else {
            BrokerProcess p = BrokerProcess.start();
            owned = p;
            broker = p.address();
        }
        System.out.printf("FleetBench: %d connections, hold %d s, keepalive %d s, against %s; Java %s, %d cores%n", n, hold,
                keepalive, owned != null ? "mosquitto (process, max_connections -1)" : broker, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        try {
            if (Boolean.parseBoolean(opt.get("raw"))) {
                raw(broker, sources, n, hold, keepalive);
            }
            int warmup = Integer.parseInt(opt.get("warmup"));
            if (warmup > 0) {
                System.out.printf("  warm-up: a fleet of %d, not counted%n", warmup);
                fleet(broker, sources, warmup, 0, keepalive, Double.parseDouble(opt.get("ramp")), false);
            }
            fleet(broker, sources, n, hold, keepalive, Double.parseDouble(opt.get("ramp")), true);
        } finally {
            if (owned != null) {
                owned.close();
            }
        }
        System.exit(0);
    }

    private static void raw(InetSocketAddress broker, SourceAddresses sources, int n, int hold, int keepalive) throws InterruptedException {
        CoreBench.Footprint before = CoreBench.Footprint.now();
        long t0 = System.nanoTime();
        List<Mqtt3AsyncClient> clients = new ArrayList<>(n);
        List<CompletableFuture<?>> acks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            var builder = MqttClient.builder().useMqttVersion3().identifier("raw-" + i);
            Mqtt3AsyncClient c = (sources == null ? builder.serverAddress(broker)
                    : builder.transportConfig().serverAddress(broker)
                            .localAddress(new InetSocketAddress(sources.of(i), 0)).applyTransportConfig()).buildAsync();
            clients.add(c);
            acks.add(c.connectWith().cleanSession(true).keepAlive(keepalive).send());
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
        double rate = n / ((System.nanoTime() - t0) / 1e9);
        CoreBench.Footprint f = CoreBench.Footprint.now().minus(before);
        Thread.sleep(hold * 1000L); // the hold itself: keepalive only
        long connected = clients.stream().filter(c -> c.getState().isConnected()).count();
        System.out.printf("  raw HiveMQ  fds %.2f, heap %.1f KiB, threads +%d per run, open rate %,.0f/s, connected after the hold %d/%d%n",
                (double) f.fds() / n, f.heap() / 1024.0 / n, f.threads(), rate, connected, n);
        CompletableFuture.allOf(clients.stream().map(Mqtt3AsyncClient::disconnect).toArray(CompletableFuture[]::new)).join();
    }

    private static void fleet(InetSocketAddress broker, SourceAddresses sources, int n, int hold, int keepalive, double ramp,
                              boolean print)
            throws InterruptedException {
        Behaviour b = Behaviour.parse("""
                mqtt: {clientId: "fleet-{index}", keepAlive: %d}
                publish: {every: 0s}
                verify: false
                ramp: {rate: %s}
                reconnect: {tries: 1000, backoff: 1s, maxBackoff: 30s}
                """.formatted(keepalive, ramp));
        CoreBench.Footprint before = CoreBench.Footprint.now();
        long t0 = System.nanoTime();
        FleetOptions o = FleetOptions.of(n, broker, b, Duration.ofDays(1));
        if (sources != null) {
            o = o.withSources(sources);
        }
        Fleet fleet = Fleet.start(o);
        long created = System.nanoTime();
        Progress p;
        while ((p = fleet.progress()).connected() < n && System.nanoTime() - t0 < Duration.ofMinutes(15).toNanos()) {
            Thread.sleep(20); // a benchmark's poll of the live count
        }
        long all = System.nanoTime();
        double seconds = (all - t0) / 1e9;
        double ramping = (all - created) / 1e9;
        CoreBench.Footprint f = CoreBench.Footprint.now().minus(before);
        long breaksBefore = fleet.progress().breaks();
        Thread.sleep(hold * 1000L);
        if (print) {
            Thread.sleep(1500); // one more progress tick
        }
        Progress after = fleet.progress();
        fleet.stop();
        FleetReport r = fleet.finished().join();
        fleet.close();
        FleetReport.Latency open = r.latency().get("open");
        if (!print) {
            return;
        }
        System.out.printf("  l610 fleet  fds %.2f, heap %.1f KiB, threads +%d per device run, ramp %,.0f opens/s (%d connected in %.1f s"
                        + " after the %d modems were created in %.1f s; %,.0f/s counting their creation; ramp asked %,.0f/s),"
                        + " breaks during the hold %d, connected after the hold %d/%d, errors %d%n",
                (double) f.fds() / n, f.heap() / 1024.0 / n, f.threads(), p.connected() / ramping, p.connected(), ramping, n,
                (created - t0) / 1e9, p.connected() / seconds, ramp, after.breaks() - breaksBefore, after.connected(), n, after.errors());
        System.out.printf("  open latency (AT+MQTTOPEN to +MQTTOPEN: 1,1): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", open.p50(), open.p99(),
                open.max());
    }
}
