package dev.l610.link;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TranscriptTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T21:40:24.123Z"), ZoneOffset.UTC);
    private static final String NL = System.lineSeparator();
    private static final String EXPECTED = "2026-11-25T21:40:24.123Z >> AT+MQTTUSER=1,\"u\",\"***\",\"id\"\\r" + NL
            + "2026-11-25T21:40:24.123Z << \\r\\nOK\\r\\n" + NL
            + "2026-11-25T21:40:24.123Z >> A\\\\\\x01\\r" + NL;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void traffic(Transcript t) {
        byte[] user = b("AT+MQTTUSER=1,\"u\",\"secret\",\"id\"\r");
        t.fromHost(user, 0, user.length);
        t.toHost(b("\r\nOK\r\n"));
        byte[] more = b("A\\\u0001\rAT+PARTIAL");
        t.fromHost(more, 0, more.length); // the unfinished line is not an entry yet
    }

    @Test
    void inMemoryTextKeepsTheFormat() {
        Transcript t = Transcript.inMemory(1 << 16, true, CLOCK);
        traffic(t);
        assertThat(t.text()).isEqualTo(EXPECTED);
    }

    @Test
    void inMemoryKeepsTheLastWholeEntries() {
        Transcript t = Transcript.inMemory(100, false, CLOCK);
        for (int i = 0; i < 20; i++) {
            t.toHost(b("line " + i));
        }
        String text = t.text();
        assertThat(text.length()).isLessThanOrEqualTo(100);
        assertThat(text).startsWith("2026-").endsWith("<< line 19" + NL);
    }

    @Test
    void fileWritesKeepTheFormatAndRunOffTheCallersThread() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        StringWriter got = new StringWriter();
        Writer slowDisk = new Writer() {
            @Override
            public void write(char[] c, int off, int len) throws IOException {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                got.write(c, off, len);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        ExecutorService blocking = Executors.newSingleThreadExecutor();
        try {
            Transcript t = Transcript.to(slowDisk, blocking, true, CLOCK);
            traffic(t); // returns although the disk does not take a byte
            go.countDown();
            t.close(); // ends the partial entry and writes everything
            assertThat(got.toString()).isEqualTo(EXPECTED + "2026-11-25T21:40:24.123Z >> AT+PARTIAL" + NL);
        } finally {
            blocking.shutdownNow();
            assertThat(blocking.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aDiskThatDoesNotKeepUpLosesEntriesNotTheModem() {
        CountDownLatch never = new CountDownLatch(1);
        Writer stuck = new StringWriter() {
            @Override
            public void write(String str) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ExecutorService blocking = Executors.newSingleThreadExecutor();
        try {
            FileEntries entries = new FileEntries(stuck, blocking, 1000);
            for (int i = 0; i < 1000; i++) {
                entries.add(String.format("%08d\n", i)); // 9000 chars for a queue of 1000
            }
            await().until(() -> entries.dropped() > 0);
            assertThat(entries.dropped()).isBetween(1000L - 112, 1000L - 100);
        } finally {
            blocking.shutdownNow();
        }
    }
}
