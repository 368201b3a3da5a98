package dev.l610.link;

import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.VirtualModem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A serial port needs hardware; a socat pty pair stands in for the USB-UART and its cable: the modem
 * opens one end with jSerialComm, the test is the board on the other end.
 */
@EnabledOnOs(OS.LINUX)
class SerialLinkTest {

    @TempDir
    Path dir;

    @Test
    void talksOverASerialDevice() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/socat"))) {
            if ("required".equals(System.getProperty("l610.interop"))) {
                throw new AssertionError("socat is required (-Dl610.interop=required): apt-get install socat");
            }
            Assumptions.abort("socat not installed");
        }
        Path a = dir.resolve("uart-modem");
        Path b = dir.resolve("uart-board");
        Process socat = new ProcessBuilder("socat", "pty,link=" + a + ",raw,echo=0", "pty,link=" + b + ",raw,echo=0")
                .redirectErrorStream(true).start();
        try (ModemRuntime runtime = ModemRuntime.create(2)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(a) && Files.exists(b));
            VirtualModem modem = new VirtualModem(ModemConfig.defaults(), runtime);
            SerialLink link = SerialLink.start(modem, a.toRealPath().toString(), 115200);
            try (FileOutputStream out = new FileOutputStream(b.toFile()); FileInputStream in = new FileInputStream(b.toFile())) {
                out.write("AT+CGMI\r".getBytes(StandardCharsets.US_ASCII));
                assertThat(PtyLinkTest.readUntil(in, "OK\r\n")).isEqualTo("\r\n+SIM READY\r\nAT+CGMI\r\r\nFibocom\r\n\r\nOK\r\n");
            } finally {
                link.close();
                modem.close();
            }
        } finally {
            socat.destroy();
        }
    }

    @Test
    void missingDeviceIsAClearError() {
        try (ModemRuntime runtime = ModemRuntime.create(1)) {
            VirtualModem modem = new VirtualModem(ModemConfig.defaults(), runtime);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SerialLink.start(modem, "/dev/ttyDOESNOTEXIST", 115200))
                    .isInstanceOf(LinkException.class).hasMessageContaining("cannot open serial port /dev/ttyDOESNOTEXIST");
        }
    }
}
