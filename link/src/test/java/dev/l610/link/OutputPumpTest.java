package dev.l610.link;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OutputPumpTest {

    /** A host that does not read until told to. */
    private static final class StalledStream extends OutputStream {
        final CountDownLatch go = new CountDownLatch(1);
        final CountDownLatch blocked = new CountDownLatch(1);
        final ByteArrayOutputStream got = new ByteArrayOutputStream();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            blocked.countDown();
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (got) {
                got.write(b, off, len);
            }
        }

        String text() {
            synchronized (got) {
                return got.toString(StandardCharsets.US_ASCII);
            }
        }
    }

    @Test
    void aHostThatDoesNotReadNeverBlocksTheWriterAndLosesTheOldestOutput() throws Exception {
        StalledStream out = new StalledStream();
        try (OutputPump pump = new OutputPump("test", out, 100, e -> { })) {
            pump.write("first;".getBytes(StandardCharsets.US_ASCII)); // taken by the pump, which now blocks
            assertThat(out.blocked.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 1000; i++) { // 10 000 bytes for a queue of 100: the caller never waits
                pump.write(String.format("%09d;", i).getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(pump.droppedBytes()).isEqualTo(10_000 - 100);
            var drained = pump.drained();
            assertThat(drained).isNotDone();
            out.go.countDown();
            drained.get(10, TimeUnit.SECONDS);
            StringBuilder expected = new StringBuilder("first;");
            for (int i = 990; i < 1000; i++) {
                expected.append(String.format("%09d;", i));
            }
            await().until(() -> out.text().length() == expected.length());
            assertThat(out.text()).isEqualTo(expected.toString());
        }
    }
}
