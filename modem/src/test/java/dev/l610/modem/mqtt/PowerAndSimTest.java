package dev.l610.modem.mqtt;

import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import dev.l610.broker.EmbeddedBroker;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemHarness;
import dev.l610.modem.SimSetting;
import dev.l610.modem.TimingProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** docs/at-reference.md §5: power-up, reset and SIM states, through the real AT byte stream. */
class PowerAndSimTest {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.startEphemeral();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static void is(ModemHarness h, String cmd, String answer) {
        h.send(cmd + "\r").expect(answer);
    }

    @Test
    void theFirstHostSeesSimReadyALaterOneDoesNot() {
        try (ModemHarness h = ModemHarness.raw(ModemConfig.defaults())) {
            h.expect("\r\n+SIM READY\r\n");
            h.exchange("AT", "\r\nOK\r\n");
            ByteArrayOutputStream later = new ByteArrayOutputStream();
            h.modem.attachHost(b -> {
                synchronized (later) {
                    later.write(b, 0, b.length);
                }
            });
            h.modem.input("AT\r".getBytes(StandardCharsets.US_ASCII));
            await().until(() -> {
                synchronized (later) {
                    return later.toString(StandardCharsets.ISO_8859_1).endsWith("OK\r\n");
                }
            });
            synchronized (later) {
                assertThat(later.toString(StandardCharsets.ISO_8859_1)).isEqualTo("AT\r\r\nOK\r\n");
            }
        }
    }

    @Test
    void duringBootInputIsLostAndNothingIsEchoed() throws Exception {
        TimingProfile slowBoot = TimingProfile.parse("test", new StringReader("boot=400\n"));
        long t0 = System.nanoTime();
        try (ModemHarness h = ModemHarness.raw(ModemConfig.builder().timing(slowBoot).build())) {
            h.send("AT\r");
            h.sync();
            h.expect("\r\n+SIM READY\r\n"); // no echo, no OK before it
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            h.expectNothingMore();
            h.exchange("AT", "\r\nOK\r\n");
        }
    }

    @Test
    void cfunResetRestoresPowerUpSettingsAndPublishesTheWill() {
        try (ModemHarness h = new ModemHarness(ModemConfig.defaults());
             MqttPeer peer = new MqttPeer(broker.host(), broker.port(), "peer-reset")) {
            peer.subscribe("dev/status", 1);
            h.exchange("ATE0", "\r\nOK\r\n");
            is(h, "AT+CMEE=2;+MQTTCONF=1", "\r\nOK\r\n");
            is(h, "AT+MQTTUSER=1,\"\",\"\",\"dev-reset\"", "\r\nOK\r\n");
            is(h, "AT+MQTTWILL=1,\"dev/status\",1,0,\"offline\"", "\r\nOK\r\n");
            is(h, "AT+MQTTOPEN=1,\"127.0.0.1\"," + broker.port() + ",1,60", "\r\nOK\r\n");
            h.expect("\r\n+MQTTOPEN: 1,1\r\n");
            is(h, "AT+CFUN=1,1", "\r\nOK\r\n\r\n+SIM READY\r\n");
            Mqtt3Publish will = peer.receive();
            assertThat(new String(will.getPayloadAsBytes(), StandardCharsets.US_ASCII)).isEqualTo("offline");
            h.exchange("AT+CMEE?", "\r\n+CMEE: 1\r\n\r\nOK\r\n"); // echo is on again
            h.exchange("AT+MQTTCONF?", "\r\n+MQTTCONF: 0\r\n\r\nOK\r\n");
            h.exchange("AT+MQTTUSER?", "\r\nOK\r\n");
            h.exchange("AT+MQTTWILL?", "\r\nOK\r\n");
            h.exchange("AT+MQTTOPEN?", "\r\n+MQTTOPEN: 1\r\n+MQTTOPEN: 2\r\n+MQTTOPEN: 101\r\n+MQTTOPEN: 102\r\n\r\nOK\r\n");
            h.exchange("AT+CREG?", "\r\n+CREG: 0,1\r\n\r\nOK\r\n");
            h.exchange("AT+MIPCALL?", "\r\n+MIPCALL: 1,10.99.46.109\r\n\r\nOK\r\n");
            h.expectNothingMore();
        }
    }

    @Test
    void powerCycleFaultDropsConnectionsWithoutAUrcAndBoots() {
        try (ModemHarness h = new ModemHarness(ModemConfig.defaults())) {
            h.exchange("ATE0", "\r\nOK\r\n");
            is(h, "AT+MQTTOPEN=1,\"127.0.0.1\"," + broker.port() + ",1,60", "\r\nOK\r\n");
            h.expect("\r\n+MQTTOPEN: 1,1\r\n");
            is(h, "AT+MQTTPUB=1,\"t\",1,0,\"x\"", "\r\nOK\r\n");
            h.expect("\r\n+MQTTPUB: 1,1\r\n");
            h.modem.faults().powerCycle().join();
            h.expect("\r\n+SIM READY\r\n"); // no +MQTTBREAK: the modem was off
            h.exchange("AT+MQTTCLOSE?", "\r\n+MQTTCLOSE: 0\r\n\r\nOK\r\n");
            h.expectNothingMore();
        }
    }

    @Test
    void pinLockedSim() {
        try (ModemHarness h = new ModemHarness(ModemConfig.builder().sim(SimSetting.pin("1234")).build())) {
            h.expectNothingMore(); // no +SIM READY while the SIM asks for its PIN
            h.exchange("ATE0", "\r\nOK\r\n");
            is(h, "AT+CPIN?", "\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n");
            is(h, "AT+CREG?", "\r\n+CREG: 0,0\r\n\r\nOK\r\n");
            is(h, "AT+MQTTOPEN=1,\"127.0.0.1\",1883,1,60", "\r\n+CME ERROR: 11\r\n");
            is(h, "AT+MQTTCONF?", "\r\n+CME ERROR: 11\r\n");
            is(h, "AT+MQTTSUB=1,\"t\",0", "\r\nERROR\r\n"); // its table says ERROR
            is(h, "AT+MQTTOPEN=?", "\r\n+MQTTOPEN: (1,2,101,102),255,(1-65535),(0,1),(1-300)\r\n\r\nOK\r\n");
            is(h, "AT+CPIN=\"0000\"", "\r\n+CME ERROR: 16\r\n");
            is(h, "AT+CPIN=\"1234\"", "\r\nOK\r\n\r\n+SIM READY\r\n");
            is(h, "AT+CPIN?", "\r\n+CPIN: READY\r\n\r\nOK\r\n");
            is(h, "AT+CREG?", "\r\n+CREG: 0,1\r\n\r\nOK\r\n");
            is(h, "AT+MQTTCONF?", "\r\n+MQTTCONF: 0\r\n\r\nOK\r\n");
            is(h, "AT+CPIN=\"1234\"", "\r\n+CME ERROR: 3\r\n");
        }
    }

    @Test
    void threeWrongPinsAskForThePuk() {
        try (ModemHarness h = new ModemHarness(ModemConfig.builder().sim(SimSetting.parse("pin:1234")).build())) {
            h.exchange("ATE0", "\r\nOK\r\n");
            for (int i = 0; i < 3; i++) {
                is(h, "AT+CPIN=\"9999\"", "\r\n+CME ERROR: 16\r\n");
            }
            is(h, "AT+CPIN?", "\r\n+CPIN: SIM PUK\r\n\r\nOK\r\n");
            is(h, "AT+CPIN=\"1234\"", "\r\n+CME ERROR: 12\r\n");
            is(h, "AT+MQTTOPEN=1,\"127.0.0.1\",1883,1,60", "\r\n+CME ERROR: 12\r\n");
            is(h, "AT+CMEE=2", "\r\nOK\r\n");
            is(h, "AT+CPIN=\"1234\"", "\r\n+CME ERROR: SIM PUK required\r\n");
        }
    }

    @Test
    void absentSimAndTheSimFault() {
        try (ModemHarness h = new ModemHarness(ModemConfig.builder().sim(SimSetting.ABSENT).build())) {
            h.exchange("ATE0", "\r\nOK\r\n");
            is(h, "AT+CPIN?", "\r\n+CME ERROR: 10\r\n");
            is(h, "AT+CGREG?", "\r\n+CGREG: 0,0\r\n\r\nOK\r\n");
            is(h, "AT+MQTTOPEN=1,\"127.0.0.1\",1883,1,60", "\r\n+CME ERROR: 10\r\n");
            is(h, "AT+MQTTPUB=1,\"t\",0,0,\"x\"", "\r\nERROR\r\n");
            is(h, "AT+CREG=1", "\r\nOK\r\n");
            h.modem.faults().sim(SimSetting.READY).join();
            h.expect("\r\n+SIM READY\r\n\r\n+CREG: 1\r\n");
            is(h, "AT+CPIN?", "\r\n+CPIN: READY\r\n\r\nOK\r\n");
            h.modem.faults().sim(SimSetting.ABSENT).join();
            h.expect("\r\n+CREG: 0\r\n\r\n+MIPCALL: 0\r\n");
            is(h, "AT+CPIN?", "\r\n+CME ERROR: 10\r\n");
        }
    }
}
