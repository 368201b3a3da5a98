package dev.l610.mqttsn.internal.gateway;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.gateway.BrokerCredentials;
import io.reactivex.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One MQTT 3.1.1 connection to the broker for one MQTT-SN client (HiveMQ async client, no blocking
 * call anywhere). HiveMQ runs its callbacks and completes its futures on its application scheduler,
 * which is the gateway's event loop (so there is no thread in between); the session still queues each
 * callback as a task of its own, so none runs inside the gateway's own code. The disconnected listener
 * comes from HiveMQ's Netty threads and is queued the same way. Incoming publishes use manual
 * acknowledgement, so the broker gets its PUBACK / PUBREC only once the MQTT-SN client acknowledged
 * the message.
 */
final class BrokerLink {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerLink.class);

    /** The will as the MQTT-SN client gave it in WILLTOPIC / WILLMSG. */
    record Will(String topic, int qos, boolean retain, byte[] payload) {
    }

    private final Mqtt3AsyncClient client;
    private volatile boolean closing;
    private volatile Will will;
    private final BrokerCredentials credentials;

    /**
     * @param callbacks      HiveMQ's application scheduler: where its callbacks and futures complete
     * @param onPublish      every message the broker sends, in order
     * @param onDisconnected the connection ended without {@link #disconnect()} or {@link #drop()}
     * @throws IllegalArgumentException when HiveMQ refuses the client identifier
     */
    BrokerLink(GatewayConfig config, String clientId, Scheduler callbacks, Consumer<Mqtt3Publish> onPublish,
               Consumer<Throwable> onDisconnected) {
        var transport = MqttClientTransportConfig.builder()
                .serverHost(config.brokerHost()).serverPort(config.brokerPort())
                .socketConnectTimeout(config.brokerTimeoutMillis(), TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(config.brokerTimeoutMillis(), TimeUnit.MILLISECONDS);
        if (config.tls() != null) {
            transport.sslConfig().trustManagerFactory(config.tls()).applySslConfig(); // host name verified too
        }
        this.credentials = config.credentialsFor(clientId);
        client = MqttClient.builder().useMqttVersion3()
                .identifier(clientId)
                .executorConfig().applicationScheduler(callbacks).applyExecutorConfig()
                .transportConfig(transport.build())
                .addDisconnectedListener(ctx -> {
                    if (!closing) {
                        onDisconnected.accept(ctx.getCause());
                    }
                })
                .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, onPublish, true);
    }

    /** @throws IllegalArgumentException when HiveMQ refuses the will (e.g. a topic with wildcards) */
    CompletableFuture<Mqtt3ConnAck> connect(boolean cleanSession, int keepAliveSeconds, Will w) {
        Mqtt3ConnectBuilder.Send<CompletableFuture<Mqtt3ConnAck>> b = client.connectWith()
                .cleanSession(cleanSession)
                .keepAlive(keepAliveSeconds);
        if (credentials != null) {
            var auth = b.simpleAuth().username(credentials.user());
            b = credentials.password() == null ? auth.applySimpleAuth() : auth.password(credentials.password()).applySimpleAuth();
        }
        if (w != null) {
            b = b.willPublish().topic(w.topic()).qos(qos(w.qos())).retain(w.retain()).payload(w.payload()).applyWillPublish();
        }
        this.will = w;
        return b.send();
    }

    /** @throws IllegalArgumentException for a topic HiveMQ refuses (wildcards, empty, U+0000) */
    CompletableFuture<Mqtt3Publish> publish(String topic, int qos, boolean retain, byte[] payload) {
        return client.publishWith().topic(topic).qos(qos(qos)).retain(retain).payload(payload).send();
    }

    /** @throws IllegalArgumentException for a filter HiveMQ refuses */
    CompletableFuture<Mqtt3SubAck> subscribe(String filter, int qos) {
        return client.subscribeWith().topicFilter(filter).qos(qos(qos)).send();
    }

    CompletableFuture<Void> unsubscribe(String filter) {
        return client.unsubscribeWith().topicFilter(filter).send();
    }

    /**
     * The will {@link #drop()} publishes from now on (WILLTOPICUPD / WILLMSGUPD, §6.4), {@code null} for
     * none. MQTT 3.1.1 cannot change the will of an open connection: the broker keeps the one of CONNECT
     * for the case that the gateway's own connection to it breaks.
     */
    void updateWill(Will w) {
        this.will = w;
    }

    /** Graceful MQTT DISCONNECT: the broker discards the will. */
    void disconnect() {
        closing = true;
        client.disconnect().whenComplete((v, e) -> {
            if (e != null) {
                LOG.debug("broker disconnect: {}", e.toString());
            }
        });
    }

    /**
     * Ends the connection so that the will is published, as when the client's connection died (MQTT
     * 3.1.1 §3.1.2.5): the gateway publishes the will itself, as the client, then disconnects
     * gracefully. HiveMQ's public API has no abrupt close for MQTT 3.1.1 (only a graceful DISCONNECT,
     * which makes the broker discard the will), so the gateway does what the broker would have done.
     * Subscribers see the same message (topic, QoS, retain, payload).
     */
    void drop() {
        closing = true;
        Will w = will;
        if (w == null) {
            disconnect();
            return;
        }
        CompletableFuture<Mqtt3Publish> sent;
        try {
            sent = publish(w.topic(), w.qos(), w.retain(), w.payload());
        } catch (RuntimeException e) {
            LOG.debug("cannot publish the will: {}", e.toString());
            disconnect();
            return;
        }
        sent.whenComplete((p, e) -> {
            if (e != null) {
                LOG.debug("publishing the will failed: {}", e.toString());
            }
            disconnect();
        });
    }

    /**
     * §5.3.10 has no code for "the broker refused": a broker that is unavailable (MQTT CONNACK 3) or
     * unreachable maps to "rejected: congestion" (try later), any other refusal to "not supported".
     */
    static ReturnCode refusalCode(Throwable c) {
        if (c instanceof Mqtt3ConnAckException a
                && a.getMqttMessage().getReturnCode() != Mqtt3ConnAckReturnCode.SERVER_UNAVAILABLE) {
            return ReturnCode.REJECTED_NOT_SUPPORTED;
        }
        return ReturnCode.REJECTED_CONGESTION;
    }

    private static MqttQos qos(int qos) {
        return qos <= 0 ? MqttQos.AT_MOST_ONCE : qos == 1 ? MqttQos.AT_LEAST_ONCE : MqttQos.EXACTLY_ONCE;
    }
}
