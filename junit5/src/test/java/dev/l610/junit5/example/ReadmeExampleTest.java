package dev.l610.junit5.example;

import dev.l610.driver.BringUpOptions;
import dev.l610.driver.BreakCause;
import dev.l610.driver.L610Driver;
import dev.l610.driver.MqttBreak;
import dev.l610.driver.MqttClient;
import dev.l610.driver.MqttServer;
import dev.l610.driver.Qos;
import dev.l610.embed.VirtualL610;
import dev.l610.junit5.L610Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The example of junit5/README.md, as it is there. */
class ReadmeExampleTest {

    @RegisterExtension
    static L610Extension l610 = L610Extension.builder().noGateway().build();

    @Test
    void publishesAndSeesTheBreakWhenTheRadioGoesOff(VirtualL610 modem, L610Driver driver) {
        driver.modem().bringUp(BringUpOptions.defaults()).join();
        MqttClient c = driver.mqtt().client(1);
        c.open(MqttServer.of(modem.brokerAddress().getHostString(), modem.brokerAddress().getPort())).join();
        c.publish("readme/hello", Qos.AT_LEAST_ONCE, false, "hi").join();

        CompletableFuture<MqttBreak> broken = new CompletableFuture<>();
        driver.mqtt().addBreakListener(broken::complete);
        l610.faults().radio(false).join();
        assertThat(broken.join().cause()).isEqualTo(BreakCause.NOT_REGISTERED);   // +MQTTBREAK: 1,3
    }
}
