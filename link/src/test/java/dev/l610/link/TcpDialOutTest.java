package dev.l610.link;

import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.VirtualModem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The modem dials out to an emulator's UART socket (a plain server socket here) and dials again when it goes. */
class TcpDialOutTest {

    private final ModemRuntime runtime = ModemRuntime.create(2);
    private final VirtualModem modem = new VirtualModem(ModemConfig.defaults(), runtime);

    @AfterEach
    void stop() {
        modem.close();
        runtime.close();
    }

    private static String exchange(Socket s, String command, String until) throws IOException {
        s.getOutputStream().write(command.getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!got.toString(StandardCharsets.ISO_8859_1).endsWith(until)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            got.write(b);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void connectsToTheEmulatorAndAgainWhenItGoes() throws IOException {
        try (ServerSocket uart = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
             TcpDialOut line = TcpDialOut.start(modem, new InetSocketAddress("127.0.0.1", uart.getLocalPort()))) {
            uart.setSoTimeout(60_000);
            try (Socket firmware = uart.accept()) {
                firmware.setSoTimeout(30_000);
                // the first host of a freshly booted modem sees +SIM READY
                assertThat(exchange(firmware, "AT\r", "OK\r\n")).isEqualTo("\r\n+SIM READY\r\nAT\r\r\nOK\r\n");
                assertThat(exchange(firmware, "ATE0\r", "OK\r\n")).isEqualTo("ATE0\r\r\nOK\r\n");
            } // the emulator restarts: the modem connects again, settings kept as on a UART
            try (Socket firmware = uart.accept()) {
                firmware.setSoTimeout(30_000);
                assertThat(exchange(firmware, "AT+CGMM\r", "OK\r\n")).isEqualTo("\r\nL610\r\n\r\nOK\r\n");
            }
        }
    }

    @Test
    void waitsForAnEmulatorThatIsNotUpYet() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (TcpDialOut line = TcpDialOut.start(modem, new InetSocketAddress("127.0.0.1", port));
             ServerSocket uart = new ServerSocket(port, 4, InetAddress.getLoopbackAddress())) {
            uart.setSoTimeout(60_000);
            try (Socket firmware = uart.accept()) {
                firmware.setSoTimeout(30_000);
                assertThat(exchange(firmware, "AT\r", "OK\r\n")).isEqualTo("\r\n+SIM READY\r\nAT\r\r\nOK\r\n");
                assertThat(line.connected()).isTrue();
            }
        }
    }
}
