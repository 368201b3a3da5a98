package dev.l610.modem.mqtt;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemHarness;
import dev.l610.modem.ModemRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a connection costs: one socket per open MQTT client (no relay, no proxy listener), and threads
 * flat in the number of modems (each modem runs on a loop of the shared runtime).
 */
@EnabledOnOs(OS.LINUX)
class FootprintTest {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.startEphemeral();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private ModemHarness modem(ModemRuntime runtime, int index) {
        ModemHarness h = new ModemHarness(ModemConfig.builder().outcomeTimeout(Duration.ofSeconds(30)).build(), runtime, false);
        h.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
        h.send("AT+MQTTUSER=1,\"\",\"\",\"fp-" + index + "-1\";+MQTTUSER=2,\"\",\"\",\"fp-" + index + "-2\"\r").expect("\r\nOK\r\n");
        return h;
    }

    private static void open(ModemHarness h, int id) {
        h.send("AT+MQTTOPEN=" + id + ",\"127.0.0.1\"," + broker.port() + ",1,120\r").expect("\r\nOK\r\n");
        h.expect("\r\n+MQTTOPEN: " + id + ",1\r\n");
    }

    @Test
    void aModemWithTwoOpenClientsHoldsExactlyTwoSockets() throws IOException {
        try (ModemRuntime runtime = ModemRuntime.create(2); ModemHarness h = modem(runtime, 0)) {
            long before = modemSockets();
            open(h, 1);
            open(h, 2);
            assertThat(modemSockets() - before).as("sockets of the modem's two open clients").isEqualTo(2);
            h.send("AT+MQTTCLOSE=1\r").expect("\r\nOK\r\n").expect("\r\n+MQTTCLOSE: 1,1\r\n");
            h.send("AT+MQTTCLOSE=2\r").expect("\r\nOK\r\n").expect("\r\n+MQTTCLOSE: 2,1\r\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> modemSockets() == before);
        }
    }

    @Test
    void threadsDoNotGrowWithModems() {
        try (ModemRuntime runtime = ModemRuntime.create(2)) {
            List<ModemHarness> modems = new ArrayList<>();
            for (int i = 0; i < 8; i++) { // warm-up: the runtime's pools reach their size
                ModemHarness h = modem(runtime, i);
                open(h, 1);
                modems.add(h);
            }
            int before = liveThreads();
            for (int i = 8; i < 58; i++) {
                ModemHarness h = modem(runtime, i);
                open(h, 1);
                modems.add(h);
            }
            int after = liveThreads();
            assertThat(after - before).as("threads added by 50 more modems with an open connection").isLessThanOrEqualTo(2);
            modems.forEach(ModemHarness::close);
        }
    }

    /** Live threads of this JVM (java.management is not read by dev.l610.modem, whose tests run in it). */
    private static int liveThreads() {
        return Thread.getAllStackTraces().size();
    }

    /**
     * Sockets of this process that a relay or proxy design would add, and that other tests in the same
     * JVM do not disturb: TCP connections to this test's broker (the broker's own side, with its port as
     * local port, left out) and listening sockets other than the broker's. One open MQTT client is one
     * connection; a relay would add its listener and a second leg.
     */
    private static long modemSockets() throws IOException {
        Set<String> ours = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        ours.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException ignored) {
                    // closed meanwhile
                }
            });
        }
        long n = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 10 || f[0].equals("sl") || !ours.contains(f[9])) {
                    continue;
                }
                int localPort = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                int remotePort = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
                boolean listening = f[3].equals("0A");
                if (localPort == broker.port()) {
                    continue;
                }
                if (remotePort == broker.port() || listening) {
                    n++;
                }
            }
        }
        return n;
    }
}
