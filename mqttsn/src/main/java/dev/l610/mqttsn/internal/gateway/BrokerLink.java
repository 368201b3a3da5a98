package dev.l610.mqttsn.internal.gateway;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientConnectionConfig;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import dev.l610.mqttsn.codec.ReturnCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One MQTT 3.1.1 connection to the broker for one MQTT-SN client (HiveMQ async client, no blocking
 * call anywhere). Callbacks arrive on HiveMQ's Netty threads; the session hops them to the gateway's event loop.
 * Incoming publishes use manual acknowledgement, so the broker gets its PUBACK / PUBREC only once the
 * MQTT-SN client acknowledged the message.
 */
final class BrokerLink {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerLink.class);

    /** The will as the MQTT-SN client gave it in WILLTOPIC / WILLMSG. */
    record Will(String topic, int qos, boolean retain, byte[] payload) {
    }

    private final Mqtt3AsyncClient client;
    private volatile boolean closing;
    private volatile Will will;

    /**
     * @param onPublish      every message the broker sends, in order
     * @param onDisconnected the connection ended without {@link #disconnect()} or {@link #drop()}
     * @throws IllegalArgumentException when HiveMQ refuses the client identifier
     */
    BrokerLink(GatewayConfig config, String clientId, Consumer<Mqtt3Publish> onPublish, Consumer<Throwable> onDisconnected) {
        client = MqttClient.builder().useMqttVersion3()
                .identifier(clientId)
                .transportConfig()
                .serverHost(config.brokerHost()).serverPort(config.brokerPort())
                .socketConnectTimeout(config.brokerTimeoutMillis(), TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(config.brokerTimeoutMillis(), TimeUnit.MILLISECONDS)
                .applyTransportConfig()
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
     * Drops the TCP connection without DISCONNECT, so the broker publishes the will (MQTT 3.1.1
     * §3.1.2.5). HiveMQ has no public call for that; this closes its Netty channel through the
     * connection config. Should that ever fail, the gateway publishes the will itself and disconnects.
     */
    void drop() {
        closing = true;
        Optional<? extends Mqtt3ClientConnectionConfig> cc = client.getConfig().getConnectionConfig();
        if (cc.isPresent()) {
            try {
                Object channel = cc.get().getClass().getMethod("getChannel").invoke(cc.get());
                Method close = channel.getClass().getMethod("close");
                close.invoke(channel);
                return;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                LOG.warn("cannot drop the broker connection abruptly ({}); publishing the will explicitly", e.toString());
            }
        }
        Will w = will;
        if (w != null && cc.isPresent()) {
            publish(w.topic(), w.qos(), w.retain(), w.payload()).whenComplete((p, e) -> client.disconnect());
        } else {
            client.disconnect();
        }
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
