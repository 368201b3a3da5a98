package dev.l610.driver;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One client id of the modem. Thread-safe; commands go through the driver's command channel in call order.
 *
 * <p>Futures of the <b>synchronous</b> commands ({@link #user}, {@link #will}, {@link #read}) complete
 * on the final result: normally on {@code OK}; exceptionally with {@link AtCommandException} on
 * {@code ERROR}/{@code +CME ERROR: <n>}, {@link AtTimeoutException} when no final result came within the
 * command timeout, {@link LinkClosedException} when the link is or goes down.
 *
 * <p>Futures of the <b>asynchronous</b> commands ({@link #open}, {@link #close}, {@link #subscribe},
 * {@link #unsubscribe}, {@link #publish}) complete on the outcome URC {@code +MQTTxxx: <id>,<status>},
 * not on {@code OK}:
 * <ul>
 * <li>normally on status 1;</li>
 * <li>exceptionally with {@link MqttException} on status 0 (for {@link #open} carrying the
 * {@link MqttError} 700..704 when a {@code +CME ERROR: 70x} line came just before), or when
 * {@code +MQTTBREAK} for this client arrives first (not for open);</li>
 * <li>exceptionally with {@link AtCommandException} when the command itself is rejected
 * ({@code ERROR}, {@code +CME ERROR}) - e.g. subscribing on a client that is not open;</li>
 * <li>exceptionally with {@link AtTimeoutException} when the {@code OK} or the outcome does not come in
 * time (see {@link Timeouts});</li>
 * <li>exceptionally with {@link LinkClosedException} when the link is or goes down first.</li>
 * </ul>
 * Invalid arguments (bad topic, payload over 1024 bytes, topic id on an MQTT client, ...) throw
 * {@link IllegalArgumentException} at once and send nothing.
 */
public interface MqttClient {

    /** Most payload bytes of a publish or a will (manual §1.7). */
    int MAX_PAYLOAD = 1024;

    /** 1, 2, 101 or 102. */
    int id();

    /** True for 101 and 102 (MQTT-SN). */
    boolean isMqttSn();

    /**
     * {@code AT+MQTTUSER=<id>,"<user>","<password>"[,"<clientid>"]} (clients 1 and 2 only). Empty user or
     * password: the CONNECT carries none.
     *
     * @param clientIdentifier the MQTT client identifier (at most 23 characters), or null to keep the
     *                         default (the IMEI)
     */
    CompletableFuture<Void> user(String user, String password, String clientIdentifier);

    /** {@code AT+MQTTWILL}: inline, or the {@code >} data form when the payload is long or not plain text. */
    CompletableFuture<Void> will(MqttWill will);

    /** {@code AT+MQTTOPEN}: connects; completes on {@code +MQTTOPEN: <id>,<status>}. */
    CompletableFuture<Void> open(MqttServer server);

    /** {@code AT+MQTTCLOSE}: disconnects; completes on {@code +MQTTCLOSE: <id>,<status>}. */
    CompletableFuture<Void> close();

    /** {@code AT+MQTTSUB}: a topic name, a short topic or (MQTT-SN) a topic id; completes on {@code +MQTTSUB}. */
    CompletableFuture<Void> subscribe(MqttTopic topic, Qos qos);

    default CompletableFuture<Void> subscribe(String topic, Qos qos) {
        return subscribe(MqttTopic.name(topic), qos);
    }

    /** {@code AT+MQTTUNSUB}; completes on {@code +MQTTUNSUB}. */
    CompletableFuture<Void> unsubscribe(MqttTopic topic);

    default CompletableFuture<Void> unsubscribe(String topic) {
        return unsubscribe(MqttTopic.name(topic));
    }

    /**
     * {@code AT+MQTTPUB}; completes on {@code +MQTTPUB: <id>,<status>} (after PUBACK/PUBCOMP for QoS 1/2).
     * A short payload of printable ASCII without {@code "} and {@code \} goes inline; any other payload
     * (binary, quotes, longer than {@link #INLINE_LIMIT}) uses the {@code >} data form with its exact size.
     *
     * @param payload 0..1024 bytes
     */
    CompletableFuture<Void> publish(MqttTopic topic, Qos qos, boolean retain, byte[] payload);

    default CompletableFuture<Void> publish(String topic, Qos qos, boolean retain, String payloadUtf8) {
        return publish(MqttTopic.name(topic), qos, retain, payloadUtf8.getBytes(StandardCharsets.UTF_8));
    }

    /** Longest payload sent inline; longer ones use the {@code >} data form. */
    int INLINE_LIMIT = 256;

    /**
     * {@code AT+MQTTREAD=<id>}: the oldest stored message ({@link MqttConfMode#STORE}), cut exactly by its
     * length fields; empty when {@code +MQTTREAD: <id>,0,0,0} says none is stored.
     */
    CompletableFuture<Optional<MqttMessage>> read();
}
