package dev.l610.bench;

import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.VirtualModem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load program: MODEMS virtual modems in one JVM on one shared runtime, each answering COMMANDS command
 * lines (AT+CSQ;+CGMM;+MQTTOPEN?) sent one after the other as a host would. Prints modems, threads,
 * command lines per second and heap per modem. Usage: {@code ModemLoad [modems=1000] [commands=200]}.
 */
public final class ModemLoad {

    private ModemLoad() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int modems = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int commands = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        byte[] line = "AT+CSQ;+CGMM;+MQTTOPEN?\r".getBytes(StandardCharsets.US_ASCII);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heapBefore = rt.totalMemory() - rt.freeMemory();
        int threadsBefore = Thread.activeCount();
        try (ModemRuntime runtime = ModemRuntime.create()) {
            List<VirtualModem> list = new ArrayList<>(modems);
            CountDownLatch done = new CountDownLatch(modems);
            AtomicLong answered = new AtomicLong();
            for (int i = 0; i < modems; i++) {
                VirtualModem m = new VirtualModem(ModemConfig.builder().imei(String.format("86954804%06d", i)).build(), runtime);
                int[] left = {commands};
                m.attachHost(bytes -> {
                    // one final result per line: answer the next command when "OK\r\n" ends a write
                    if (bytes.length >= 4 && bytes[bytes.length - 4] == 'O' && bytes[bytes.length - 3] == 'K') {
                        answered.incrementAndGet();
                        if (--left[0] == 0) {
                            done.countDown();
                        } else {
                            m.input(line);
                        }
                    }
                });
                list.add(m);
            }
            System.gc();
            long heapModems = rt.totalMemory() - rt.freeMemory() - heapBefore;
            long t0 = System.nanoTime();
            for (VirtualModem m : list) {
                m.input("ATE0\r".getBytes(StandardCharsets.US_ASCII)); // its OK starts the loop
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                System.out.println("did not finish within 10 minutes");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("modems=%d commandLines=%d seconds=%.2f lines/s=%.0f threads=%d heapPerModem=%.1fKiB%n",
                    modems, answered.get(), seconds, answered.get() / seconds, Thread.activeCount() - threadsBefore,
                    heapModems / 1024.0 / modems);
            list.forEach(VirtualModem::close);
        }
    }
}
