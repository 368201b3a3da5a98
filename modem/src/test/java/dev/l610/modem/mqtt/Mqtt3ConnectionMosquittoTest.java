package dev.l610.modem.mqtt;

import dev.l610.broker.Mosquitto;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.internal.mqtt3.Mqtt3Connection;
import dev.l610.modem.internal.mqtt3.Mqtt3State;
import dev.l610.modem.internal.mqtt3.Mqtt3Tls;
import dev.l610.modem.internal.mqtt3.Recorder;
import dev.l610.modem.internal.mqtt3.Resolver;
import dev.l610.modem.internal.net.PathFaults;
import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code internal.mqtt3.Mqtt3Connection} against a real mosquitto (skipped without it unless
 * {@code -Dl610.interop=required}): a persistent session carries what the radio lost across a reset,
 * in both directions, and TLS verifies the broker's certificate.
 */
class Mqtt3ConnectionMosquittoTest {

    @TempDir
    Path dir;
    private ModemRuntime runtime;
    private final PathFaults faults = new PathFaults(5);

    @BeforeEach
    void start() {
        runtime = ModemRuntime.create(1);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private Mqtt3Connection connection(int port, boolean clean, boolean tls, SslContext ssl, Mqtt3State state, Recorder events) {
        OpenParams p = new OpenParams("127.0.0.1", port, clean, 60, tls, "persist-1", "", "", null);
        return new Mqtt3Connection(runtime.nextLoop(), runtime.socketChannelClass(), p, events, state, ssl, faults,
                Resolver.on(runtime.blocking()), Duration.ofSeconds(30));
    }

    private static <T> T get(CompletableFuture<T> f) {
        return f.orTimeout(60, TimeUnit.SECONDS).join();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aPersistentSessionDeliversWhatTheRadioLostAfterTheReconnect() throws Exception {
        try (Mosquitto m = Mosquitto.start(dir, null, null);
             MqttPeer peer = new MqttPeer("127.0.0.1", m.port, "peer")) {
            peer.subscribe("up/#", 1);
            Mqtt3State state = new Mqtt3State();
            Recorder first = new Recorder();
            Mqtt3Connection c1 = connection(m.port, false, false, null, state, first);
            assertThat(get(c1.connect())).isZero();
            assertThat(get(c1.subscribe(new Topic.Name("down/#"), 1))).isTrue();

            // downlink: a message the modem does not acknowledge (full store) is kept by the broker
            peer.publish("down/x", 1, "kept");
            assertThat(new String(first.next().payload(), StandardCharsets.US_ASCII)).isEqualTo("kept");
            // uplink: a publish into a silent radio is never acknowledged
            faults.blackhole(true);
            CompletableFuture<Boolean> lostOnTheWay = c1.publish(new Topic.Name("up/x"), 1, false, b("late"));
            c1.abort();
            await().atMost(Duration.ofSeconds(60)).until(lostOnTheWay::isDone);
            assertThat(lostOnTheWay).isCompletedExceptionally();
            faults.blackhole(false);

            Recorder second = new Recorder();
            Mqtt3Connection c2 = connection(m.port, false, false, null, state, second);
            assertThat(get(c2.connect())).isZero();
            Mqtt3Publish up = peer.receive(); // re-sent with DUP after session present
            assertThat(new String(up.getPayloadAsBytes(), StandardCharsets.US_ASCII)).isEqualTo("late");
            InboundMessage again = second.next(); // the broker sends the unacknowledged message again
            assertThat(new String(again.payload(), StandardCharsets.US_ASCII)).isEqualTo("kept");
            again.ack();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> get(CompletableFuture.supplyAsync(state::inFlight, runtime.group().next())) == 0);
            get(c2.disconnect());
            assertThat(first.lost).isEmpty();
            assertThat(second.lost).isEmpty();
        }
    }

    @Test
    void tlsVerifiesTheBrokerCertificate() throws IOException {
        try (Mosquitto m = Mosquitto.startTls(dir)) {
            SslContext trusted = Mqtt3Tls.clientContext(dir.resolve("cert.pem"));
            Mqtt3Connection ok = connection(m.port, true, true, trusted, new Mqtt3State(), new Recorder());
            assertThat(get(ok.connect())).isZero();
            assertThat(get(ok.publish(new Topic.Name("t"), 1, false, b("x")))).isTrue();
            get(ok.disconnect());

            Mqtt3Connection refused = connection(m.port, true, true, Mqtt3Tls.clientContext(null), new Mqtt3State(), new Recorder());
            CompletableFuture<Integer> rc = refused.connect();
            await().atMost(Duration.ofSeconds(60)).until(rc::isDone);
            assertThat(rc).isCompletedExceptionally();
        }
    }
}
