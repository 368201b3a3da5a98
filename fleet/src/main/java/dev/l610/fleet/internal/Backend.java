package dev.l610.fleet.internal;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The fleet's own clients on the broker (checker, probe): plain MQTT 3.1.1, clean session. */
final class Backend {

    private Backend() {
    }

    static Mqtt3AsyncClient client(InetSocketAddress broker, String clientId) {
        Mqtt3AsyncClient c = MqttClient.builder().useMqttVersion3().identifier(clientId)
                .serverHost(broker.getHostString()).serverPort(broker.getPort()).buildAsync();
        try {
            c.connectWith().cleanSession(true).keepAlive(60).send().orTimeout(30, TimeUnit.SECONDS).join();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the broker at " + broker.getHostString() + ":" + broker.getPort()
                    + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        return c;
    }

    static void disconnect(Mqtt3AsyncClient c) {
        try {
            c.disconnect().orTimeout(5, TimeUnit.SECONDS).join();
        } catch (RuntimeException ignored) {
            // closing anyway
        }
    }
}
