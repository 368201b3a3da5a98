package dev.l610.fleet;

import dev.l610.broker.EmbeddedBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Real firmware in the loop: exposed devices driven by a "firmware" over a real socket or pty, beside light devices. */
class ExposeTest {

    static EmbeddedBroker broker;

    @BeforeAll
    static void broker() {
        broker = EmbeddedBroker.startEphemeral();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static Behaviour behaviour() {
        return Behaviour.parse("""
                mqtt: {clientId: "x-{index}"}
                publish: {topic: "x/{imei}/up", qos: 1, every: 100ms, count: 5, payload: 'i={imei} s={seq}'}
                ramp: {rate: 0}
                """);
    }

    /**
     * What a device's firmware does over its line: AT until the modem has booted, echo off, registration, open,
     * three publishes. A reader thread feeds the bytes to a queue, so every wait has a limit (a pty has no read timeout).
     */
    static final class Firmware implements Closeable {
        private final OutputStream out;
        private final Closeable closer;
        private final java.util.concurrent.BlockingQueue<Integer> bytes = new java.util.concurrent.LinkedBlockingQueue<>();
        private final StringBuilder seen = new StringBuilder();

        Firmware(InputStream in, OutputStream out, Closeable closer) {
            this.out = out;
            this.closer = closer;
            Thread t = new Thread(() -> {
                try {
                    for (int c; (c = in.read()) >= 0; ) {
                        bytes.add(c);
                    }
                } catch (IOException e) {
                    // closed
                }
                bytes.add(-1);
            }, "firmware-read");
            t.setDaemon(true);
            t.start();
        }

        /** Sends {@code cmd} and reads until {@code until} has arrived (30 s at most). */
        String at(String cmd, String until) throws IOException {
            return at(cmd, until, 30_000);
        }

        String at(String cmd, String until, long millis) throws IOException {
            out.write((cmd + "\r").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readUntil(until, millis);
        }

        /** The text up to and including {@code until}, or null when it has not come within {@code millis}. */
        String readUntil(String until, long millis) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (seen.indexOf(until) < 0) {
                Integer c;
                try {
                    c = bytes.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                if (c == null) {
                    return null;
                }
                if (c < 0) {
                    throw new IOException("line closed; got " + seen);
                }
                seen.append((char) c.intValue());
            }
            int end = seen.indexOf(until) + until.length();
            String s = seen.substring(0, end);
            seen.delete(0, end);
            return s;
        }

        String expect(String cmd, String until) throws IOException {
            String a = at(cmd, until);
            if (a == null) {
                throw new IOException(cmd + ": no " + until.strip() + " within 30 s; got " + seen);
            }
            return a;
        }

        /** AT until the booted modem answers (a booting modem takes no input; a minute at most), then echo off. */
        void boot() throws IOException {
            int tries = 0;
            while (at("AT", "OK\r\n", 1000) == null) {
                if (++tries > 60) {
                    throw new IOException("the modem never answered AT; got " + seen);
                }
            }
            expect("ATE0", "OK\r\n");
            seen.setLength(0);
        }

        /** Until the modem has booted and registered, then open, publish three messages the checker can account for. */
        void run(String imei, int brokerPort) throws IOException {
            boot();
            String a;
            int tries = 0;
            do {
                a = expect("AT+CGREG?", "OK\r\n");
            } while (!a.contains("+CGREG: 0,1") && !a.contains("+CGREG: 0,5") && ++tries < 600);
            expect("AT+MQTTUSER=1,\"\",\"\",\"fw-" + imei + "\"", "OK\r\n");
            assertThat(expect("AT+MQTTOPEN=1,\"127.0.0.1\"," + brokerPort + ",1,60", "+MQTTOPEN: 1,")).contains("OK\r\n");
            assertThat(readUntil("\r\n", 30_000)).isEqualTo("1\r\n");
            for (int s = 0; s < 3; s++) {
                expect("AT+MQTTPUB=1,\"x/" + imei + "/up\",1,0,\"i=" + imei + " s=" + s + "\"", "+MQTTPUB: 1,1\r\n");
            }
        }

        @Override
        public void close() throws IOException {
            closer.close();
        }
    }

    static Firmware tcp(String line) throws IOException {
        String[] hp = line.split(":");
        Socket s = new Socket();
        s.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 10_000);
        return new Firmware(s.getInputStream(), s.getOutputStream(), s);
    }

    @Test
    void threeExposedDevicesOnTcpBesideSeventeenLightOnes() throws Exception {
        FleetOptions o = FleetOptions.of(20, broker.address(), behaviour(), Duration.ofMinutes(5)).withExpose(Expose.tcp(0, 3));
        List<Firmware> firmware = new ArrayList<>();
        try (Fleet f = Fleet.start(o)) {
            Map<Integer, String> lines = f.exposedLines();
            assertThat(lines.keySet()).containsExactly(0, 1, 2);
            for (Map.Entry<Integer, String> e : lines.entrySet()) {
                assertThat(e.getValue()).startsWith("127.0.0.1:");
                firmware.add(tcp(e.getValue()));
            }
            for (int i = 0; i < 3; i++) {
                firmware.get(i).run(Imei.of(Imei.DEFAULT_BASE, i), broker.address().getPort());
                assertThat(firmware.get(i).expect("AT", "OK\r\n")).isEqualTo("\r\nOK\r\n");
            }
            await().atMost(2, TimeUnit.MINUTES).until(() -> f.progress().published() >= 17 * 5 && f.progress().hosts() == 3);
            Progress p = f.progress();
            assertThat(p.exposed()).isEqualTo(3);
            assertThat(p.target()).isEqualTo(17);
            assertThat(p.line()).endsWith("exposed 3 (hosts 3)");
            f.stop();
            FleetReport r = f.finished().orTimeout(2, TimeUnit.MINUTES).join();
            FleetReport.Totals t = r.totals();
            assertThat(t.devices()).isEqualTo(20);
            assertThat(t.exposed()).isEqualTo(3);
            assertThat(t.exposedHosts()).isEqualTo(3);
            assertThat(t.published()).isEqualTo(17 * 5 + 3 * 3);
            assertThat(t.received()).isEqualTo(t.published());
            assertThat(t.lost()).isZero();
            assertThat(r.devices()).extracting(FleetReport.DeviceRow::index).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, 20).boxed().toList());
            for (FleetReport.DeviceRow d : r.devices()) {
                if (d.index() < 3) {
                    assertThat(d.exposed()).isTrue();
                    assertThat(d.line()).isEqualTo(lines.get(d.index()));
                    assertThat(d.published()).isEqualTo(3);
                    assertThat(d.received()).isEqualTo(3);
                    assertThat(d.connected()).isTrue();
                    assertThat(d.hostConnected()).isTrue();
                } else {
                    assertThat(d.exposed()).isFalse();
                    assertThat(d.line()).isNull();
                    assertThat(d.published()).isEqualTo(5);
                    assertThat(d.received()).isEqualTo(5);
                }
            }
            assertThat(r.toJson()).contains("\"exposed\" : 3").contains("\"exposedHosts\" : 3");
        } finally {
            for (Firmware fw : firmware) {
                fw.close();
            }
        }
    }

    @Test
    void aFixedBasePortGivesDeviceIItsPortBasePlusI() throws Exception {
        int base = freeRun(2);
        FleetOptions o = FleetOptions.of(4, broker.address(), behaviour(), Duration.ofMinutes(5)).withShard(new Shard(1, 2))
                .withExpose(Expose.tcp(base, Expose.ALL));
        try (Fleet f = Fleet.start(o)) {
            // shard 1/2 of 4 runs devices 2 and 3: global indices, so ports base+2 and base+3
            assertThat(f.exposedLines()).containsExactly(Map.entry(2, "127.0.0.1:" + (base + 2)), Map.entry(3, "127.0.0.1:" + (base + 3)));
            try (Firmware fw = tcp(f.exposedLines().get(3))) {
                fw.boot();
                assertThat(fw.expect("AT", "OK\r\n")).isEqualTo("\r\nOK\r\n");
            }
        }
    }

    /** A base port with base+2 and base+3 free (and bindable on 127.0.0.1). */
    private static int freeRun(int offset) throws IOException {
        for (int tries = 0; tries < 50; tries++) {
            int base;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                base = s.getLocalPort() - offset;
            }
            if (base + offset + 1 > 65535) {
                continue;
            }
            try (ServerSocket a = new ServerSocket(base + offset, 1, InetAddress.getLoopbackAddress());
                 ServerSocket b = new ServerSocket(base + offset + 1, 1, InetAddress.getLoopbackAddress())) {
                return base;
            } catch (IOException taken) {
                // another try
            }
        }
        throw new IllegalStateException("no free pair of ports");
    }

    @Test
    void aTakenPortIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            FleetOptions o = FleetOptions.of(3, broker.address(), behaviour(), Duration.ofMinutes(1)).withExpose(Expose.tcp(port, 1));
            assertThatThrownBy(() -> Fleet.start(o)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("device 0").hasMessageContaining("port " + port + " is taken");
        }
    }

    @Test
    void portsPast65535AndRunsWithoutADurationAreRefused() {
        assertThatThrownBy(() -> FleetOptions.of(10, broker.address(), behaviour(), Duration.ofMinutes(1)).withExpose(Expose.tcp(65530, 7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536").hasMessageContaining("past 65535");
        assertThat(FleetOptions.of(10, broker.address(), behaviour(), Duration.ofMinutes(1)).withExpose(Expose.tcp(65530, 6)).expose().count())
                .isEqualTo(6);
        assertThatThrownBy(() -> FleetOptions.of(10, broker.address(), behaviour(), Duration.ZERO).withExpose(Expose.tcp(0, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a duration");
        assertThatThrownBy(() -> Expose.parse("udp:5", 1)).hasMessageContaining("tcp:BASEPORT or pty:DIR");
        assertThatThrownBy(() -> Expose.parse("tcp:x", 1)).hasMessageContaining("port number");
        assertThatThrownBy(() -> Expose.parse("tcp:70000", 1)).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> Expose.parse("tcp:1", 0)).hasMessageContaining("at least 1");
        assertThat(Expose.parse("pty:/tmp/x", Expose.ALL).link(4)).isEqualTo(Path.of("/tmp/x/l610-4"));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void anExposedDeviceOnAPty(@TempDir Path dir) throws Exception {
        FleetOptions o = FleetOptions.of(3, broker.address(), behaviour(), Duration.ofMinutes(5)).withExpose(Expose.pty(dir.resolve("lines"), 1));
        try (Fleet f = Fleet.start(o)) {
            Path link = dir.resolve("lines").resolve("l610-0");
            assertThat(f.exposedLines()).containsExactly(Map.entry(0, link.toString()));
            assertThat(f.progress().hosts()).isZero();
            try (FileInputStream in = new FileInputStream(link.toFile()); FileOutputStream out = new FileOutputStream(link.toFile())) {
                Firmware fw = new Firmware(in, out, () -> { });
                fw.run(Imei.of(Imei.DEFAULT_BASE, 0), broker.address().getPort());
                await().atMost(2, TimeUnit.MINUTES).until(() -> f.progress().published() >= 2 * 5 && f.progress().hosts() == 1);
                f.stop();
                FleetReport r = f.finished().orTimeout(2, TimeUnit.MINUTES).join();
                assertThat(r.totals().exposed()).isEqualTo(1);
                assertThat(r.totals().exposedHosts()).isEqualTo(1);
                assertThat(r.devices().get(0).published()).isEqualTo(3);
                assertThat(r.devices().get(0).received()).isEqualTo(3);
                assertThat(r.totals().published()).isEqualTo(2 * 5 + 3);
            }
        }
    }
}
