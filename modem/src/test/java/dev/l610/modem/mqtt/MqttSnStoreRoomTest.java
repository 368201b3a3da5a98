package dev.l610.modem.mqtt;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemHarness;
import dev.l610.mqttsn.gateway.MqttSnGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * Issue 13 item 6: two QoS 1 messages close together into a +MQTTCONF=1 store with room for one, through
 * the real gateway. The first is stored and acknowledged; the second is answered "rejected: congestion"
 * (the gateway offers it again after a back-off) and arrives once there is room: withheld at the
 * gateway, not lost, not twice.
 */
class MqttSnStoreRoomTest {

    private EmbeddedBroker broker;
    private MqttSnGateway gateway;
    private ModemHarness h;
    private MqttPeer peer;

    @BeforeEach
    void start() {
        broker = EmbeddedBroker.startEphemeral();
        gateway = MqttSnGateway.builder().broker(broker.host(), broker.port())
                .retry(Duration.ofMillis(300), 100).build().start();
        h = new ModemHarness(ModemConfig.builder().outcomeTimeout(Duration.ofSeconds(5)).storeMessages(1)
                .snRetry(Duration.ofMillis(300), 3).build());
        h.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
        peer = new MqttPeer(broker.host(), broker.port(), "room-peer");
    }

    @AfterEach
    void stop() {
        peer.close();
        h.close();
        gateway.close();
        broker.close();
    }

    private void is(String cmd, String answer) {
        h.send(cmd + "\r").expect(answer);
    }

    @Test
    void theSecondOfTwoMessagesIsNotAcknowledgedUntilThereIsRoom() {
        is("AT+MQTTCONF=1", "\r\nOK\r\n");
        is("AT+MQTTOPEN=101,\"127.0.0.1\"," + gateway.localAddress().getPort() + ",1,60", "\r\nOK\r\n");
        h.expect("\r\n+MQTTOPEN: 101,1\r\n");
        is("AT+MQTTSUB=101,\"room/t\",1", "\r\nOK\r\n");
        h.expect("\r\n+MQTTSUB: 101,1\r\n");
        long before = gateway.counters().congestionBackoffs();

        peer.publish("room/t", 1, "m1");
        peer.publish("room/t", 1, "m2");
        h.expect("\r\n+MQTTMSGI: 101,1,6,2\r\n");
        // m2 was refused (PUBACK "rejected: congestion"): the gateway offers it again, backing off, while the store is full
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.counters().congestionBackoffs() >= before + 3);
        h.expectNothingMore(); // no second +MQTTMSGI while full

        is("AT+MQTTREAD=101", "\r\n+MQTTREAD: 101,1,6,2,\"room/t\",\"m1\"\r\n\r\nOK\r\n");
        h.expect("\r\n+MQTTMSGI: 101,1,6,2\r\n"); // the next retransmission finds room
        is("AT+MQTTREAD=101", "\r\n+MQTTREAD: 101,1,6,2,\"room/t\",\"m2\"\r\n\r\nOK\r\n");
        is("AT+MQTTREAD=101", "\r\n+MQTTREAD: 101,0,0,0\r\n\r\nOK\r\n");
        h.expectNothingMore(); // m2 once, not again
        is("AT+MQTTCLOSE=101", "\r\nOK\r\n");
        h.expect("\r\n+MQTTCLOSE: 101,1\r\n");
    }
}
