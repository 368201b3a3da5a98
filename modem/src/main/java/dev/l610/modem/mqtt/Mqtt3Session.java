package dev.l610.modem.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.MqttProxyProtocol;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import dev.l610.modem.net.Bearer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * MQTT 3.1.1 for client ids 1 and 2, on the HiveMQ async client (its shared Netty event loop: no
 * thread per connection). The TCP connection goes through the modem's {@link Bearer}, tagged with the
 * client id, so faults reset or silence the real socket. Incoming messages use manual acknowledgement.
 */
public final class Mqtt3Session implements MqttSession {

    private final int clientId;
    private final Bearer bearer;
    private final OpenParams params;
    private final Events events;
    private final Mqtt3AsyncClient client;
    private volatile boolean connected;
    private volatile boolean ending;
    private final ScheduledExecutorService timers;
    private volatile ScheduledFuture<?> watchdog;

    public Mqtt3Session(int clientId, OpenParams params, Events events, Bearer bearer, Duration timeout,
                        MqttClientSslConfig ssl, ScheduledExecutorService timers) {
        this.timers = timers;
        this.clientId = clientId;
        this.bearer = bearer;
        this.params = params;
        this.events = events;
        Mqtt3ClientBuilder b = MqttClient.builder().useMqttVersion3()
                .identifier(params.clientId())
                .serverHost(params.host())
                .serverPort(params.port())
                .transportConfig()
                    .serverHost(params.host())
                    .serverPort(params.port())
                    .proxyConfig()
                        .protocol(MqttProxyProtocol.SOCKS_5)
                        .address(bearer.proxyAddress())
                        .username(Integer.toString(clientId))
                        .password("l610")
                        .handshakeTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .applyProxyConfig()
                    .socketConnectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .mqttConnectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .sslConfig(params.tls() ? ssl : null)
                    .applyTransportConfig()
                .addDisconnectedListener(ctx -> {
                    stopWatchdog();
                    if (connected && !ending && ctx.getSource() != MqttDisconnectSource.USER) {
                        connected = false;
                        events.onLost(ctx.getCause());
                    }
                    connected = false;
                });
        this.client = b.buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, p -> events.onMessage(new InboundMessage(
                new Topic.Name(p.getTopic().toString()), p.getQos().getCode(), p.isRetain(), p.getPayloadAsBytes(),
                p::acknowledge)), true);
    }

    @Override
    public CompletableFuture<Integer> connect() {
        Mqtt3ConnectBuilder.Send<CompletableFuture<com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck>> c =
                client.connectWith().cleanSession(params.cleanSession()).keepAlive(params.keepAliveSeconds());
        if (params.user() != null && !params.user().isEmpty()) {
            var auth = c.simpleAuth().username(params.user());
            if (params.password() != null && !params.password().isEmpty()) {
                auth = auth.password(params.password().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            c = auth.applySimpleAuth();
        }
        Will w = params.will();
        if (w != null) {
            c = c.willPublish().topic(w.topic()).qos(qos(w.qos())).retain(w.retain()).payload(w.payload()).applyWillPublish();
        }
        return c.send().handle((ack, error) -> {
            if (error == null) {
                connected = true;
                startWatchdog();
                return 0;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof Mqtt3ConnAckException refused) {
                return refused.getMqttMessage().getReturnCode().getCode();
            }
            throw new CompletionException(cause);
        });
    }

    /**
     * Keepalive watchdog. The client pings whenever it has read nothing for a keepalive period, so on a
     * live path the broker sends something at least that often. Nothing for 1.5 x keepalive (MQTT 3.1.1
     * §3.1.2.10, the broker's own rule) means the path is dead: {@code +MQTTBREAK: <id>,1}. The client's
     * own check would wait for a second keepalive period.
     */
    private void startWatchdog() {
        long limit = TimeUnit.SECONDS.toNanos(params.keepAliveSeconds()) * 3 / 2;
        long period = Math.max(100, TimeUnit.SECONDS.toMillis(params.keepAliveSeconds()) / 10);
        watchdog = timers.scheduleAtFixedRate(() -> {
            long last = bearer.lastInbound(Integer.toString(clientId));
            if (connected && !ending && last != 0 && System.nanoTime() - last > limit) {
                connected = false;
                stopWatchdog();
                events.onLost(new java.util.concurrent.TimeoutException(
                        "nothing from the broker for 1.5 x keepalive (" + params.keepAliveSeconds() + " s)"));
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    private void stopWatchdog() {
        ScheduledFuture<?> w = watchdog;
        if (w != null) {
            w.cancel(false);
        }
    }

    @Override
    public CompletableFuture<Boolean> subscribe(Topic topic, int qos) {
        return client.subscribeWith().topicFilter(name(topic)).qos(qos(qos)).send()
                .thenApply(ack -> ack.getReturnCodes().stream().noneMatch(rc -> rc == Mqtt3SubAckReturnCode.FAILURE));
    }

    @Override
    public CompletableFuture<Boolean> unsubscribe(Topic topic) {
        return client.unsubscribeWith().topicFilter(name(topic)).send().thenApply(v -> true);
    }

    @Override
    public CompletableFuture<Boolean> publish(Topic topic, int qos, boolean retain, byte[] payload) {
        return client.publishWith().topic(name(topic)).qos(qos(qos)).retain(retain).payload(payload).send()
                .thenApply(p -> true);
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        ending = true;
        stopWatchdog();
        if (!connected) {
            abort();
            return CompletableFuture.completedFuture(null);
        }
        return client.disconnect().exceptionally(e -> null);
    }

    @Override
    public void abort() {
        ending = true;
        stopWatchdog();
        connected = false;
        bearer.cut(Integer.toString(clientId));
    }

    private static String name(Topic topic) {
        if (topic instanceof Topic.Name n) {
            return n.name();
        }
        throw new IllegalArgumentException("MQTT clients 1 and 2 take topic names only");
    }

    private static MqttQos qos(int qos) {
        return MqttQos.fromCode(qos);
    }
}
