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
    /** The lines of each chunk the modem wrote, one queue entry per chunk (one wake-up of the reader per chunk). */
    private final BlockingQueue<java.util.List<Line>> chunks = new LinkedBlockingQueue<>();
    private java.util.Iterator<Line> current = java.util.Collections.emptyIterator();
    private final StringBuilder partial = new StringBuilder();

    AtHost(ModemRuntime runtime, String imei) {
        modem = new VirtualModem(ModemConfig.builder().imei(imei).build(), runtime);
        modem.attachHost(this::onBytes);
    }

    private void onBytes(byte[] bytes) {
        long now = System.nanoTime();
        java.util.List<Line> got = new java.util.ArrayList<>(4);
        synchronized (partial) {
            for (byte b : bytes) {
                if (b == '\n') {
                    continue;
                }
                if (b == '\r') {
                    if (partial.length() > 0) {
                        got.add(new Line(partial.toString(), now));
                        partial.setLength(0);
                    }
                } else {
                    partial.append((char) (b & 0xff));
                }
            }
        }
        if (!got.isEmpty()) {
            chunks.add(got);
        }
    }

    void send(String line) {
        modem.input((line + "\r").getBytes(StandardCharsets.ISO_8859_1));
    }

    /** {@code count} copies of a command line in one write, as a host with a TCP line writes a batch. */
    void send(String line, int count) {
        modem.input((line + "\r").repeat(count).getBytes(StandardCharsets.ISO_8859_1));
    }

    private Line next() throws InterruptedException {
        while (!current.hasNext()) {
            java.util.List<Line> c = chunks.poll(60, TimeUnit.SECONDS);
            if (c == null) {
                return null;
            }
            current = c.iterator();
        }
        return current.next();
    }

    /** The next line that starts with {@code prefix}; others are skipped. */
    Line await(String prefix) throws InterruptedException {
        while (true) {
            Line l = next();
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
