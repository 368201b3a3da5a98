package dev.l610.bench;

import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.VirtualModem;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A host on one virtual modem's AT line, in-process (the line is a {@code LineSink}): sends command
 * lines and hands the modem's lines to the benchmark, each stamped with {@link System#nanoTime()}.
 */
final class AtHost implements AutoCloseable {

    record Line(String text, long nanos) {
    }

    final VirtualModem modem;
    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    AtHost(ModemRuntime runtime, String imei) {
        modem = new VirtualModem(ModemConfig.builder().imei(imei).build(), runtime);
        modem.attachHost(this::onBytes);
    }

    private void onBytes(byte[] bytes) {
        long now = System.nanoTime();
        synchronized (partial) {
            for (byte b : bytes) {
                if (b == '\n') {
                    continue;
                }
                if (b == '\r') {
                    if (partial.length() > 0) {
                        lines.add(new Line(partial.toString(), now));
                        partial.setLength(0);
                    }
                } else {
                    partial.append((char) (b & 0xff));
                }
            }
        }
    }

    void send(String line) {
        modem.input((line + "\r").getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The next line that starts with {@code prefix}; others are skipped. */
    Line await(String prefix) throws InterruptedException {
        while (true) {
            Line l = lines.poll(60, TimeUnit.SECONDS);
            if (l == null) {
                throw new IllegalStateException("no '" + prefix + "' within 60 s");
            }
            if (l.text().startsWith(prefix)) {
                return l;
            }
            if (l.text().startsWith("+CME ERROR") || l.text().equals("ERROR") || l.text().startsWith("+MQTTBREAK")) {
                throw new IllegalStateException("modem answered " + l.text() + " while waiting for " + prefix);
            }
        }
    }

    /** Sends a command and waits for its final {@code OK}. */
    void command(String line) throws InterruptedException {
        send(line);
        await("OK");
    }

    @Override
    public void close() {
        modem.close();
    }
}
