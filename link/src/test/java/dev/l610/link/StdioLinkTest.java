package dev.l610.link;

import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.VirtualModem;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StdioLinkTest {

    @Test
    void answersEverythingBeforeTheEndOfInputEndsTheLink() throws Exception {
        try (ModemRuntime runtime = ModemRuntime.create(2)) {
            VirtualModem modem = new VirtualModem(ModemConfig.defaults(), runtime);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StdioLink link = StdioLink.start(modem,
                    new ByteArrayInputStream("ATE0\rAT+CGMM\rAT+FOO\r".getBytes(StandardCharsets.US_ASCII)), out);
            link.ended().get(10, TimeUnit.SECONDS);
            assertThat(out.toString(StandardCharsets.ISO_8859_1))
                    .isEqualTo("\r\n+SIM READY\r\nATE0\r\r\nOK\r\n\r\nL610\r\n\r\nOK\r\n\r\nERROR\r\n");
            link.close();
            modem.close();
        }
    }

    @Test
    void aStdoutThatBlocksNeverStopsTheModem() throws Exception {
        try (ModemRuntime runtime = ModemRuntime.create(2)) {
            VirtualModem modem = new VirtualModem(ModemConfig.defaults(), runtime);
            java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
            java.io.OutputStream stuck = new java.io.OutputStream() {
                @Override
                public void write(int b) throws java.io.IOException {
                    try {
                        never.await(); // a pipe nobody reads
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                }
            };
            java.io.PipedOutputStream host = new java.io.PipedOutputStream();
            StdioLink link = StdioLink.start(modem, new java.io.PipedInputStream(host, 1 << 16), stuck);
            byte[] command = "AT+CSQ\r".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 200; i++) {
                host.write(command);
            }
            host.flush();
            // the modem's loop still runs: every command was taken and answered into the bounded queue
            org.awaitility.Awaitility.await().until(() -> modem.counters().commandsRun() >= 200);
            assertThat(modem.call(m -> "alive").get(10, TimeUnit.SECONDS)).isEqualTo("alive");
            assertThat(link.droppedBytes()).isZero(); // 200 answers are far less than the queue holds
            link.close();
            modem.close();
            host.close();
        }
    }
}
