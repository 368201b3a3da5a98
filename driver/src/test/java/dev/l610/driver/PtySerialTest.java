package dev.l610.driver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A serial link through a pseudo-terminal: {@code socat pty,link=...,raw,echo=0 tcp:<modem>} bridges a pty
 * to the virtual modem's TCP port, and the driver opens the pty as a serial port with jSerialComm.
 */
class PtySerialTest {

    private static final Path SOCAT = Path.of("/usr/bin/socat");

    @TempDir
    Path dir;
    private VirtualModemFixture fx;
    private Process socat;

    @AfterEach
    void stop() throws Exception {
        if (socat != null) {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void bringUpOverAPtyOpenedWithJSerialComm() throws Exception {
        assumeThat(Files.isExecutable(SOCAT)).as("socat is not installed (apt-get install -y socat): pty test skipped").isTrue();
        fx = new VirtualModemFixture();
        Path pty = dir.resolve("l610-pty");
        socat = new ProcessBuilder(SOCAT.toString(), "pty,link=" + pty + ",raw,echo=0", "tcp:127.0.0.1:" + fx.port())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pty));
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.server.activeHost() != null);

        try (L610Driver d = L610Driver.open(Links.serial(SerialSettings.of(pty.toString())))) {
            assertThat(d.link().description()).startsWith("serial ").endsWith("115200 8N1");
            assertThat(d.at().send("AT+CSQ").get(10, TimeUnit.SECONDS).lines()).containsExactly("+CSQ: 31,99");
            ModemInfo info = d.modem().bringUp(BringUpOptions.defaults().withPollInterval(Duration.ofMillis(20)))
                    .get(20, TimeUnit.SECONDS);
            assertThat(info.identity().model()).isEqualTo("L610");
            assertThat(d.at().echo()).isFalse();
            fx.modem.urc("+MQTTBREAK: 1,3");
            MqttBreak[] got = new MqttBreak[1];
            d.mqtt().addBreakListener(b -> got[0] = b);
            fx.modem.urc("+MQTTBREAK: 2,3");
            await().until(() -> got[0] != null);
            assertThat(got[0].cause()).isEqualTo(BreakCause.NOT_REGISTERED);
        }
    }

    @Test
    void aMissingPortIsAClearIoError() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> Links.serial(SerialSettings.of(dir.resolve("no-such-tty").toString()))))
                .isInstanceOf(java.io.IOException.class);
    }
}
