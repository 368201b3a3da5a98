package dev.l610.driver.example;

import dev.l610.driver.BringUpOptions;
import dev.l610.driver.L610Driver;
import dev.l610.driver.Links;
import dev.l610.driver.ModemInfo;
import dev.l610.driver.MqttClient;
import dev.l610.driver.MqttMessage;
import dev.l610.driver.MqttServer;
import dev.l610.driver.Qos;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs against {@code ./l610 serve}: bring-up, MQTT client 1 to the broker, subscribe, publish, receive
 * the own message, print it.
 *
 * <pre>
 * java -cp "driver/target/l610-driver-0.1.0-SNAPSHOT.jar:driver/target/lib/*" \
 *     dev.l610.driver.example.QuickStart [modemHost:port] [brokerHost] [brokerPort]
 * </pre>
 * Defaults: {@code 127.0.0.1:5610 127.0.0.1 1883}. The broker address is the one the <em>modem</em>
 * connects to.
 */
public final class QuickStart {

    private QuickStart() {
    }

    public static void main(String[] args) throws Exception {
        int rc = run(args, System.out);
        if (rc != 0) {
            System.exit(rc);
        }
    }

    /** The example itself; returns the exit code. */
    public static int run(String[] args, PrintStream out) throws Exception {
        String modem = args.length > 0 ? args[0] : "127.0.0.1:5610";
        String brokerHost = args.length > 1 ? args[1] : "127.0.0.1";
        int brokerPort = args.length > 2 ? Integer.parseInt(args[2]) : 1883;
        int colon = modem.lastIndexOf(':');
        if (colon < 1) {
            out.println("usage: QuickStart [modemHost:port] [brokerHost] [brokerPort]");
            return 2;
        }
        String host = modem.substring(0, colon);
        int port = Integer.parseInt(modem.substring(colon + 1));

        try (L610Driver l610 = L610Driver.open(Links.tcp(host, port))) {
            ModemInfo info = l610.modem().bringUp(BringUpOptions.defaults()).get(60, TimeUnit.SECONDS);
            out.println("modem: " + info.identity().manufacturer() + " " + info.identity().model()
                    + ", firmware " + info.identity().firmware() + ", IMEI " + info.identity().imei()
                    + ", rssi " + info.signal().rssi() + ", registered (" + info.registration().kind() + ")");

            String topic = "l610/quickstart/" + info.identity().imei();
            CompletableFuture<MqttMessage> received = new CompletableFuture<>();
            l610.mqtt().addMessageListener(m -> {
                if (m.topic().toString().equals(topic)) {
                    received.complete(m);
                }
            });

            MqttClient client = l610.mqtt().client(1);
            client.open(MqttServer.of(brokerHost, brokerPort)).get(40, TimeUnit.SECONDS);
            out.println("MQTT client 1 connected to " + brokerHost + ":" + brokerPort);
            client.subscribe(topic, Qos.AT_LEAST_ONCE).get(40, TimeUnit.SECONDS);
            out.println("subscribed to " + topic);
            client.publish(topic, Qos.AT_LEAST_ONCE, false, "hello from the L610 driver").get(40, TimeUnit.SECONDS);
            out.println("published");

            MqttMessage m = received.get(30, TimeUnit.SECONDS);
            out.println("received on " + m.topic() + " (QoS " + m.qos().code() + "): "
                    + new String(m.payload(), StandardCharsets.UTF_8));
            client.close().get(40, TimeUnit.SECONDS);
            out.println("closed");
            return 0;
        }
    }
}
