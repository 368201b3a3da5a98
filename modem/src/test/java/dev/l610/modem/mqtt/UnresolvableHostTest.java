package dev.l610.modem.mqtt;

import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.File;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker or gateway name that does not resolve: every client id answers {@code +MQTTOPEN: <id>,0}
 * (not a CME error), is free to open again, and nothing stays open (the look-up runs off the modem's
 * loop; no socket is made before the name resolves).
 */
class UnresolvableHostTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void everyIdAnswersStatusZeroAndLeaksNothing() {
        try (ModemHarness h = new ModemHarness(ModemConfig.builder().outcomeTimeout(Duration.ofSeconds(20)).build())) {
            h.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
            tryAll(h); // warm-up: class loading, the blocking pool's threads
            long before = openFiles();
            for (int round = 0; round < 10; round++) {
                tryAll(h);
            }
            h.send("AT+MQTTOPEN?\r").expect("\r\n+MQTTOPEN: 1\r\n+MQTTOPEN: 2\r\n+MQTTOPEN: 101\r\n+MQTTOPEN: 102\r\n\r\nOK\r\n");
            // 40 failed opens; the old code leaked two UDP sockets for each MQTT-SN one
            assertThat(openFiles()).as("open files after 40 failed opens").isLessThanOrEqualTo(before + 4);
        }
    }

    private static void tryAll(ModemHarness h) {
        for (int id : MqttService.IDS) {
            h.send("AT+MQTTOPEN=" + id + ",\"no-such-host.invalid\",1883,1,60\r").expect("\r\nOK\r\n");
            h.expect("\r\n+MQTTOPEN: " + id + ",0\r\n");
        }
    }

    private static long openFiles() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? 0 : fds.length;
    }
}
