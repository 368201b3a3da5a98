package com.example.firmware;

import dev.l610.driver.BringUpOptions;
import dev.l610.driver.L610Driver;
import dev.l610.driver.MqttClient;
import dev.l610.driver.MqttServer;
import dev.l610.driver.Qos;
import dev.l610.embed.VirtualL610;
import dev.l610.junit5.L610Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a user writes: the extension, an injected driver, a publish that comes back. */
class ModemTest {

    @RegisterExtension
    static L610Extension l610 = L610Extension.builder().noGateway().build();

    @Test
    void publishesAndReceivesItsOwnMessage(VirtualL610 modem, L610Driver driver) {
        driver.modem().bringUp(BringUpOptions.defaults()).join();
        CompletableFuture<String> received = new CompletableFuture<>();
        driver.mqtt().addMessageListener(m -> received.complete(m.topic() + "=" + m.payloadUtf8()));
        MqttClient c = driver.mqtt().client(1);
        c.open(MqttServer.of(modem.brokerAddress().getHostString(), modem.brokerAddress().getPort())).join();
        c.subscribe("consumer/#", Qos.AT_LEAST_ONCE).join();
        c.publish("consumer/hello", Qos.AT_LEAST_ONCE, false, "hi").join();
        assertEquals("consumer/hello=hi", received.join());
    }
}
