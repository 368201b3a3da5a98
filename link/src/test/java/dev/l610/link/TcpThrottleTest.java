package dev.l610.link;

import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.VirtualModem;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code --throttle} the line takes host bytes at the UART rate: a host that sends far more than the
 * line's bounded queue holds is held back by its TCP channel, and no byte is lost.
 */
class TcpThrottleTest {

    private static final int COMMANDS = 1500;

    @Test
    void aHostThatOutrunsTheLineIsHeldBackNotDropped() throws Exception {
        try (ModemRuntime runtime = ModemRuntime.create(2)) {
            VirtualModem modem = new VirtualModem(ModemConfig.builder().throttleBaud(2_000_000).build(), runtime);
            TcpModemServer server = TcpModemServer.start(modem, new InetSocketAddress("127.0.0.1", 0));
            try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
                s.setSoTimeout(30_000);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                out.write("ATE0\r".getBytes(StandardCharsets.US_ASCII));
                TcpModemServerTest.readUntil(in, "OK\r\n");
                // ~300 KB of input (each command 203 bytes), 6 bytes of answer each: far more than the queue holds
                byte[] command = ("AT" + " ".repeat(200) + "\r").getBytes(StandardCharsets.US_ASCII);
                CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                    try {
                        for (int i = 0; i < COMMANDS; i++) {
                            out.write(command);
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                int answers = 0;
                StringBuilder tail = new StringBuilder();
                while (answers < COMMANDS) {
                    int b = in.read();
                    assertThat(b).as("answer %d", answers).isNotNegative();
                    tail.append((char) b);
                    if (tail.length() >= 6) {
                        assertThat(tail.toString()).isEqualTo("\r\nOK\r\n");
                        tail.setLength(0);
                        answers++;
                    }
                }
                sent.join();
            } finally {
                server.close();
                modem.close();
            }
        }
    }
}
