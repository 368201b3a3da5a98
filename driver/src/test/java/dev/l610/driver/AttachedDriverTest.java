package dev.l610.driver;

import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.VirtualModem;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Drivers made by {@link L610Driver#attach}: no threads of their own, everything on the caller's executor. */
class AttachedDriverTest {

    /** The modem's line in memory: commands go to the modem, its bytes are pushed to the driver on {@code exec}. */
    private static L610Driver attach(VirtualModem modem, ScheduledExecutorService exec) {
        Link link = new Link() {
            @Override
            public InputStream input() {
                throw new UnsupportedOperationException();
            }

            @Override
            public OutputStream output() {
                return new OutputStream() {
                    @Override
                    public void write(int b) {
                        modem.input(new byte[] {(byte) b});
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        modem.input(b, off, len);
                    }
                };
            }

            @Override
            public String description() {
                return "memory";
            }

            @Override
            public void close() {
            }
        };
        L610Driver d = L610Driver.attach(link, DriverOptions.defaults(), exec);
        modem.attachHost(bytes -> exec.execute(() -> d.received(bytes, 0, bytes.length)));
        return d;
    }

    private static String imei(int i) {
        String body = String.format("86954804%06d", i);
        return body + dev.l610.modem.Imei.luhnDigit(body);
    }

    @Test
    void manyDriversShareOneThreadAndCompleteTheirFuturesOnIt() throws Exception {
        ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "shared-driver-thread"));
        try (ModemRuntime rt = ModemRuntime.create(2)) {
            List<VirtualModem> modems = new ArrayList<>();
            List<L610Driver> drivers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                VirtualModem m = new VirtualModem(ModemConfig.builder().imei(imei(i)).build(), rt);
                modems.add(m);
                m.isBooted().get(30, TimeUnit.SECONDS);
            }
            exec.submit(() -> { }).get(30, TimeUnit.SECONDS);
            int threadsBefore = Thread.activeCount();
            for (VirtualModem m : modems) {
                drivers.add(attach(m, exec));
            }
            List<CompletableFuture<String>> where = new ArrayList<>();
            for (L610Driver d : drivers) {
                // chained on the shared thread itself, before the answer can have come (it comes in a later task there)
                where.add(exec.submit(() -> d.modem().signal().thenApply(s -> Thread.currentThread().getName() + " rssi " + s.rssi()))
                        .get(30, TimeUnit.SECONDS));
            }
            for (CompletableFuture<String> w : where) {
                assertThat(w.get(30, TimeUnit.SECONDS)).isEqualTo("shared-driver-thread rssi 31");
            }
            assertThat(Thread.activeCount() - threadsBefore).isLessThanOrEqualTo(0);
            assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName))
                    .noneMatch(n -> n.endsWith("-reader") || n.contains("-events-") || n.contains("-timer-"));
            drivers.forEach(L610Driver::close);
            assertThat(exec.isShutdown()).as("closing a driver leaves the shared executor running").isFalse();
            modems.forEach(VirtualModem::close);
        } finally {
            exec.shutdownNow();
        }
    }
}
