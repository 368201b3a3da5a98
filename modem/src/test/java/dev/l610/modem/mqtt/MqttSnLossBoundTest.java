package dev.l610.modem.mqtt;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemHarness;
import dev.l610.mqttsn.gateway.MqttSnGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13 item 9: 100 QoS 1 messages from the broker to id 101 in +MQTTCONF=1 over a UDP path that loses
 * 20 % each way. Every message arrives (a lost PUBLISH or PUBACK costs one Tretry: the gateway sends it
 * again, so a duplicate is possible, a loss is not); the time is bounded by docs/reliability.md's
 * {@code N x p/(1-p) x Tretry} (p = 36 %), here with the gateway's Tretry at 200 ms: about 11 s of waits
 * on average; the test allows 120 s.
 */
class MqttSnLossBoundTest {

    private EmbeddedBroker broker;
    private MqttSnGateway gateway;
    private ModemHarness h;
    private MqttPeer peer;

    @BeforeEach
    void start() {
        broker = EmbeddedBroker.startEphemeral();
        gateway = MqttSnGateway.builder().broker(broker.host(), broker.port())
                .retry(Duration.ofMillis(200), 20).build().start();
        h = new ModemHarness(ModemConfig.builder().outcomeTimeout(Duration.ofSeconds(10)).storeMessages(100)
                .snRetry(Duration.ofMillis(200), 20).build());
        h.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
        peer = new MqttPeer(broker.host(), broker.port(), "loss-peer");
    }

    @AfterEach
    void stop() {
        peer.close();
        h.close();
        gateway.close();
        broker.close();
    }

    @Test
    void hundredQos1MessagesUnderTwentyPercentLossAllArrive() {
        h.send("AT+MQTTCONF=1\r").expect("\r\nOK\r\n");
        h.send("AT+MQTTOPEN=101,\"127.0.0.1\"," + gateway.localAddress().getPort() + ",1,120\r").expect("\r\nOK\r\n")
                .expect("\r\n+MQTTOPEN: 101,1\r\n");
        h.send("AT+MQTTSUB=101,\"loss/t\",1\r").expect("\r\nOK\r\n").expect("\r\n+MQTTSUB: 101,1\r\n");
        h.modem.faults().udp(2, 0.2).join();
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            peer.publish("loss/t", 1, "m" + i);
        }
        Map<String, Integer> got = new HashMap<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
            h.send("AT+MQTTREAD=101\r");
            h.sync();
            await().atMost(Duration.ofSeconds(10)).until(() -> h.available().contains("\r\nOK\r\n"));
            String out = h.available();
            h.expect(out);
            for (String line : out.split("\r\n")) {
                if (line.startsWith("+MQTTREAD: 101,1,")) {
                    got.merge(line.substring(line.lastIndexOf(",\"") + 2, line.length() - 1), 1, Integer::sum);
                }
            }
            return got.size() == 100;
        });
        long ms = (System.nanoTime() - start) / 1_000_000;
        int deliveries = got.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("MqttSnLossBoundTest: 100 of 100 in %d ms, %d deliveries (%d duplicates), gateway %s%n",
                ms, deliveries, deliveries - 100, gateway.counters());
        h.modem.faults().udp(0, 0).join();
        assertThat(got).hasSize(100);
        assertThat(gateway.counters().retransmissions()).isPositive(); // the loss was real
    }
}
