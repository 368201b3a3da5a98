package dev.l610.driver;

import dev.l610.broker.EmbeddedBroker;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Links.tcp and MqttServer.of take the InetSocketAddress that VirtualL610 and TcpModemServer report. */
class SocketAddressTest {

    @Test
    void mqttServerOfAnAddressTakesItsHostStringAndPort() {
        assertThat(MqttServer.of(new InetSocketAddress("127.0.0.1", 1883))).isEqualTo(MqttServer.of("127.0.0.1", 1883));
        assertThat(MqttServer.of(InetSocketAddress.createUnresolved("broker.example", 8883)).host()).isEqualTo("broker.example");
        assertThatThrownBy(() -> MqttServer.of((InetSocketAddress) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Links.tcp((InetSocketAddress) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("address");
    }

    @Test
    void aDriverOnTheLinesAddressOpensAClientOnTheBrokersAddress() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startEphemeral();
             VirtualModemFixture fx = new VirtualModemFixture();
             L610Driver d = L610Driver.open(Links.tcp(fx.server.address(), Duration.ofSeconds(10)),
                     DriverOptions.defaults().withTimeouts(Timeouts.all(Duration.ofSeconds(10))))) {
            assertThat(d.at().send("AT").get(10, TimeUnit.SECONDS).lines()).isEmpty();
            MqttClient c = d.mqtt().client(1);
            c.open(MqttServer.of(broker.address())).get(15, TimeUnit.SECONDS);
            c.close().get(15, TimeUnit.SECONDS);
        }
    }
}
