package dev.l610.bench;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.mqttsn.MqttSnRuntime;
import dev.l610.mqttsn.codec.ConnAck;
import dev.l610.mqttsn.codec.Connect;
import dev.l610.mqttsn.codec.MqttSnCodec;
import dev.l610.mqttsn.codec.MqttSnDecodeException;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.PubAck;
import dev.l610.mqttsn.codec.Publish;
import dev.l610.mqttsn.codec.QoS;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.codec.TopicIdType;
import dev.l610.mqttsn.gateway.MqttSnGateway;
import dev.l610.mqttsn.gateway.PredefinedTopics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Map;

/**
 * Load program for the MQTT-SN gateway: CLIENTS raw UDP clients (one thread, one selector, our codec)
 * each keep WINDOW QoS 1 PUBLISHes to a predefined topic outstanding and send the next one on every
 * PUBACK; the gateway (on its own {@link MqttSnRuntime}) forwards each to the broker and answers
 * PUBACK after the broker's. Prints PUBACKs per second over the measured period, and the CPU time
 * this JVM spent per message (steadier than the rate on a machine shared with other work).
 *
 * <p>Usage: {@code GatewayLoad [clients=10] [window=10] [seconds=10] [warmup=3] [broker=embedded|host:port]}.
 * {@code embedded} starts the Moquette broker of module {@code broker} in this JVM; otherwise give a running
 * broker (e.g. {@code mosquitto -p 1883} and {@code 127.0.0.1:1883}).
 */
public final class GatewayLoad {

    private static final int TOPIC_ID = 1;
    private static final long RESEND_NANOS = Duration.ofSeconds(2).toNanos();

    private GatewayLoad() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String brokerArg = args.length > 4 ? args[4] : "embedded";
        EmbeddedBroker embedded = brokerArg.equals("embedded") ? EmbeddedBroker.startEphemeral() : null;
        String host = embedded != null ? embedded.host() : brokerArg.substring(0, brokerArg.lastIndexOf(':'));
        int port = embedded != null ? embedded.port() : Integer.parseInt(brokerArg.substring(brokerArg.lastIndexOf(':') + 1));
        try (MqttSnRuntime rt = MqttSnRuntime.create()) {
            MqttSnGateway gw = MqttSnGateway.builder().broker(host, port).runtime(rt)
                    .predefinedTopics(PredefinedTopics.of(Map.of(TOPIC_ID, "bench/load"))).build().start();
            try {
                Load load = new Load(gw.localAddress(), clients, window);
                load.connect();
                load.run(Duration.ofSeconds(warmup).toNanos());
                long acked = load.acked;
                long t0 = System.nanoTime();
                long cpu0 = cpuNanos();
                Map<String, Long> threads0 = threadCpu();
                load.run(Duration.ofSeconds(seconds).toNanos());
                double secs = (System.nanoTime() - t0) / 1e9;
                long n = load.acked - acked;
                double cpuPerMsg = (cpuNanos() - cpu0) / 1e3 / Math.max(1, n);
                System.out.printf("GatewayLoad clients=%d window=%d qos=1 broker=%s: %d PUBACKs in %.1f s = %.0f msgs/s,"
                                + " %.1f us CPU of this JVM per message (resent %d, refused %d)%n", clients, window,
                        embedded != null ? "embedded" : brokerArg, n, secs, n / secs, cpuPerMsg, load.resent, load.refused);
                if (Boolean.getBoolean("gatewayload.threads")) {
                    threadCpu().forEach((name, t) -> System.out.printf("  %-28s %6.2f us/msg%n", name,
                            (t - threads0.getOrDefault(name, 0L)) / 1e3 / Math.max(1, n)));
                }
            } finally {
                gw.close();
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** CPU time of this whole JVM (load clients, gateway, HiveMQ, and the broker when embedded). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time per thread, threads grouped by name without digits (-Dgatewayload.threads=true prints it). */
    private static Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> byName = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null) {
                long cpu = mx.getThreadCpuTime(t.getThreadId());
                byName.merge(t.getThreadName().replaceAll("[0-9]+", "N"), Math.max(0, cpu), Long::sum);
            }
        }
        return byName;
    }

    /** The raw clients; everything runs on the calling thread. */
    private static final class Load {
        private final Selector selector = Selector.open();
        private final Client[] clients;
        private final ByteBuffer buf = ByteBuffer.allocate(65536);
        private final byte[] payload = new byte[16];
        long acked;
        long resent;
        long refused;

        Load(InetSocketAddress gateway, int n, int window) throws IOException {
            clients = new Client[n];
            for (int i = 0; i < n; i++) {
                DatagramChannel ch = DatagramChannel.open();
                ch.bind(new InetSocketAddress(gateway.getAddress(), 0));
                ch.connect(gateway);
                ch.configureBlocking(false);
                clients[i] = new Client(ch, window);
                ch.register(selector, SelectionKey.OP_READ, clients[i]);
            }
        }

        void connect() throws IOException {
            for (int i = 0; i < clients.length; i++) {
                clients[i].send(new Connect(false, true, 0, "load-" + i));
            }
            int connected = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (connected < clients.length) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + connected + " of " + clients.length + " clients connected");
                }
                selector.select(100);
                for (SelectionKey k : selector.selectedKeys()) {
                    Client c = (Client) k.attachment();
                    for (MqttSnMessage m; (m = c.receive()) != null; ) {
                        if (m instanceof ConnAck a && a.returnCode() == ReturnCode.ACCEPTED && !c.connected) {
                            c.connected = true;
                            connected++;
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
            for (Client c : clients) {
                for (int w = 0; w < c.sentAt.length; w++) {
                    c.publish(w);
                }
            }
        }

        void run(long nanos) throws IOException {
            long end = System.nanoTime() + nanos;
            long nextCheck = System.nanoTime() + RESEND_NANOS;
            while (System.nanoTime() < end) {
                selector.select(50);
                for (SelectionKey k : selector.selectedKeys()) {
                    Client c = (Client) k.attachment();
                    for (MqttSnMessage m; (m = c.receive()) != null; ) {
                        if (m instanceof PubAck a) {
                            c.onPubAck(a);
                        }
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                if (now > nextCheck) {
                    for (Client c : clients) {
                        c.resendStale(now);
                    }
                    nextCheck = now + RESEND_NANOS;
                }
            }
        }

        /** One raw MQTT-SN client with WINDOW slots; slot w uses MsgIds w+1, w+1+WINDOW, ... */
        private final class Client {
            private final DatagramChannel ch;
            private final long[] sentAt;
            private final int[] msgIdOf;
            private int next;
            boolean connected;

            Client(DatagramChannel ch, int window) {
                this.ch = ch;
                this.sentAt = new long[window];
                this.msgIdOf = new int[window];
            }

            void publish(int slot) throws IOException {
                next = next >= 0xFFFF - sentAt.length ? 1 : next + 1;
                int id = next;
                msgIdOf[slot] = id;
                sentAt[slot] = System.nanoTime();
                send(new Publish(false, QoS.AT_LEAST_ONCE, false, TopicIdType.PREDEFINED, TOPIC_ID, id, payload));
            }

            void onPubAck(PubAck a) throws IOException {
                for (int s = 0; s < msgIdOf.length; s++) {
                    if (msgIdOf[s] == a.msgId()) {
                        msgIdOf[s] = 0;
                        if (a.returnCode() == ReturnCode.ACCEPTED) {
                            acked++;
                        } else {
                            refused++;
                        }
                        publish(s);
                        return;
                    }
                }
            }

            void resendStale(long now) throws IOException {
                for (int s = 0; s < sentAt.length; s++) {
                    if (msgIdOf[s] != 0 && now - sentAt[s] > RESEND_NANOS) {
                        resent++;
                        publish(s); // a fresh message in this slot: the old one is written off
                    }
                }
            }

            void send(MqttSnMessage m) throws IOException {
                ch.write(ByteBuffer.wrap(MqttSnCodec.encode(m)));
            }

            MqttSnMessage receive() throws IOException {
                while (true) {
                    buf.clear();
                    if (ch.read(buf) <= 0) {
                        return null;
                    }
                    try {
                        return MqttSnCodec.decode(buf.array(), 0, buf.position());
                    } catch (MqttSnDecodeException e) {
                        // not ours to judge here: skip it
                    }
                }
            }
        }
    }
}
