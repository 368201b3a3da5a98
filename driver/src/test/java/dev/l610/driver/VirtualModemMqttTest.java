package dev.l610.driver;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.driver.example.QuickStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The MQTT API against the real virtual modem and an embedded broker, byte formats as docs/at-reference.md §3.
 * Skipped while the modem answers {@code AT+MQTTOPEN=?} with ERROR (its MQTT commands not built yet).
 */
class VirtualModemMqttTest {

    private static EmbeddedBroker broker;
    private VirtualModemFixture fx;
    private L610Driver d;
    private final List<MqttMessage> messages = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.startEphemeral();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void start() throws Exception {
        fx = new VirtualModemFixture();
        d = fx.driver();
        assumeThat(VirtualModemFixture.mqttImplemented(d))
                .as("the virtual modem answers AT+MQTTOPEN=? with ERROR: its MQTT commands are not implemented yet")
                .isTrue();
        d.mqtt().addMessageListener(messages::add);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(15, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("future did not fail");
    }

    private MqttClient openClient(int id) throws Exception {
        MqttClient c = d.mqtt().client(id);
        get(c.open(MqttServer.of(broker.host(), broker.port()).withKeepAlive(30)));
        return c;
    }

    @Test
    void publishAndReceiveTheOwnMessageWithEchoOn() throws Exception {
        assertThat(d.at().echo()).isTrue();
        MqttClient c = openClient(1);
        get(c.subscribe("drv/echo", Qos.AT_LEAST_ONCE));
        get(c.publish("drv/echo", Qos.AT_LEAST_ONCE, false, "hello"));
        await().untilAsserted(() -> assertThat(messages).hasSize(1));
        assertThat(messages.get(0)).isEqualTo(new MqttMessage(1, Qos.AT_LEAST_ONCE, MqttTopic.name("drv/echo"),
                "hello".getBytes(StandardCharsets.US_ASCII)));
        get(c.unsubscribe("drv/echo"));
        get(c.close());
    }

    @Test
    void binaryPayloadThroughThePromptComesBackByteExact() throws Exception {
        get(d.modem().bringUp(BringUpOptions.defaults()));
        byte[] payload = {0x00, 0x01, '"', ',', '\r', '\n', (byte) 0xFF, '"', 'z'};
        MqttClient c = openClient(2);
        get(c.subscribe("drv/bin", Qos.EXACTLY_ONCE));
        get(c.publish(MqttTopic.name("drv/bin"), Qos.EXACTLY_ONCE, false, payload));
        byte[] big = new byte[MqttClient.MAX_PAYLOAD];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        get(c.publish(MqttTopic.name("drv/bin"), Qos.AT_MOST_ONCE, false, big));
        await().untilAsserted(() -> assertThat(messages).hasSize(2));
        assertThat(messages.get(0).payload()).containsExactly(payload);
        assertThat(messages.get(1).payload()).containsExactly(big);
    }

    @Test
    void storeModeWithAutoReadAndManualRead() throws Exception {
        List<MqttMessageInfo> infos = new CopyOnWriteArrayList<>();
        d.mqtt().addMessageInfoListener(infos::add);
        get(d.mqtt().conf(MqttConfMode.STORE));
        MqttClient c = openClient(1);
        get(c.subscribe("drv/store", Qos.AT_LEAST_ONCE));
        get(c.publish("drv/store", Qos.AT_LEAST_ONCE, false, "one,\"two\""));
        await().untilAsserted(() -> assertThat(messages).hasSize(1));
        assertThat(messages.get(0).payloadUtf8()).isEqualTo("one,\"two\"");
        assertThat(infos).containsExactly(new MqttMessageInfo(1, Qos.AT_LEAST_ONCE, 9, 9));
        d.mqtt().autoRead(false);
        get(c.publish("drv/store", Qos.AT_MOST_ONCE, false, "three"));
        await().untilAsserted(() -> assertThat(infos).hasSize(2));
        assertThat(get(c.read()).map(MqttMessage::payloadUtf8)).contains("three");
        assertThat(get(c.read())).isEmpty();
    }

    @Test
    void userWillAndBreakWhenTheBrokerDropsTheClient() throws Exception {
        List<MqttBreak> breaks = new CopyOnWriteArrayList<>();
        d.mqtt().addBreakListener(breaks::add);
        MqttClient watcher = openClient(1);
        get(watcher.subscribe("drv/will", Qos.AT_LEAST_ONCE));
        MqttClient c2 = d.mqtt().client(2);
        get(c2.user("", "", "drv-will"));
        get(c2.will(MqttWill.of("drv/will", Qos.AT_LEAST_ONCE, false, "gone \"away\"")));
        get(c2.open(MqttServer.of(broker.host(), broker.port()).withKeepAlive(30)));
        assertThat(broker.disconnectClient("drv-will")).isTrue();
        await().untilAsserted(() -> assertThat(breaks).contains(new MqttBreak(2, 1)));
        await().untilAsserted(() -> assertThat(messages).extracting(MqttMessage::payloadUtf8).contains("gone \"away\""));
    }

    @Test
    void losingTheDataContextBreaksWithCause2() throws Exception {
        List<MqttBreak> breaks = new CopyOnWriteArrayList<>();
        d.mqtt().addBreakListener(breaks::add);
        openClient(1);
        get(fx.modem.network(n -> n.dropContext()));
        await().untilAsserted(() -> assertThat(breaks).hasSize(1));
        assertThat(breaks.get(0).cause()).isEqualTo(BreakCause.DATA_LINK_LOST);
    }

    @Test
    void aRefusedConnackFailsOpenWithTheTypedError() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = fake.accept()) {
                    s.getInputStream().read(new byte[256]); // CONNECT
                    s.getOutputStream().write(new byte[] {0x20, 0x02, 0x00, 0x05}); // CONNACK: not authorized
                    s.getInputStream().read();
                } catch (Exception ignored) {
                    // test over
                }
            }, "fake-broker");
            t.setDaemon(true);
            t.start();
            MqttException e = (MqttException) failure(d.mqtt().client(1).open(MqttServer.of("127.0.0.1", fake.getLocalPort())));
            assertThat(e.error()).contains(MqttError.NOT_AUTHORIZED);
        }
    }

    @Test
    void aCommandOnAClientThatIsNotOpenIsRejected() throws Exception {
        assertThat(failure(d.mqtt().client(2).subscribe("x", Qos.AT_MOST_ONCE))).isInstanceOf(AtCommandException.class);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // nothing listens there once it is closed
        }
        Throwable t = failure(d.mqtt().client(1).open(MqttServer.of("127.0.0.1", port)));
        assertThat(t).isInstanceOf(MqttException.class);
        assertThat(((MqttException) t).error()).isEmpty();
    }

    @Test
    void theQuickStartExampleRuns() throws Exception {
        d.close(); // one host at a time on the modem's line: wait until it is free
        await().until(() -> fx.server.activeHost() == null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = QuickStart.run(new String[] {"127.0.0.1:" + fx.port(), broker.host(), Integer.toString(broker.port())},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(rc).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("modem: Fibocom L610")
                .contains("received on l610/quickstart/").contains("hello from the L610 driver");
    }
}
