package dev.l610.driver.internal;

import dev.l610.driver.AtRequest;
import dev.l610.driver.AtResponse;
import dev.l610.driver.L610Exception;
import dev.l610.driver.MqttClient;
import dev.l610.driver.MqttMessage;
import dev.l610.driver.MqttServer;
import dev.l610.driver.MqttTopic;
import dev.l610.driver.MqttWill;
import dev.l610.driver.Qos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One client id: builds the command lines of docs/at-reference.md §3 and ties asynchronous ones to their outcome. */
final class MqttClientImpl implements MqttClient {

    private final int id;
    private final CommandChannel channel;
    private final MqttOutcomes outcomes;

    MqttClientImpl(int id, CommandChannel channel, MqttOutcomes outcomes) {
        this.id = id;
        this.channel = channel;
        this.outcomes = outcomes;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public boolean isMqttSn() {
        return id > 100;
    }

    @Override
    public CompletableFuture<Void> user(String user, String password, String clientIdentifier) {
        if (isMqttSn()) {
            throw new IllegalArgumentException("+MQTTUSER takes clients 1 and 2 only (MQTT-SN has no user)");
        }
        String cmd = "AT+MQTTUSER=" + id + "," + quoted(user, 0, 128, "user") + "," + quoted(password, 0, 128, "password")
                + (clientIdentifier == null ? "" : "," + quoted(clientIdentifier, 1, 23, "client identifier"));
        return Futures.map(channel.send(cmd), r -> null);
    }

    @Override
    public CompletableFuture<Void> will(MqttWill will) {
        Objects.requireNonNull(will, "will");
        String head = "AT+MQTTWILL=" + id + "," + quoted(will.topic(), 1, 255, "topic") + "," + will.qos().code() + ","
                + (will.retain() ? 1 : 0) + ",";
        return Futures.map(channel.send(withPayload(head, will.payload())), r -> null);
    }

    @Override
    public CompletableFuture<Void> open(MqttServer s) {
        Objects.requireNonNull(s, "server");
        String cmd = "AT+MQTTOPEN=" + id + ",\"" + s.host() + "\"," + s.port() + "," + (s.cleanSession() ? 1 : 0) + ","
                + s.keepAliveSeconds() + (s.tls() ? ",2" : "");
        Duration t = channel.timeouts().mqttOpen();
        return async("+MQTTOPEN", AtRequest.of(cmd).withTimeout(t), t);
    }

    @Override
    public CompletableFuture<Void> close() {
        return async("+MQTTCLOSE", AtRequest.of("AT+MQTTCLOSE=" + id), channel.timeouts().mqttOutcome());
    }

    @Override
    public CompletableFuture<Void> subscribe(MqttTopic topic, Qos qos) {
        Objects.requireNonNull(qos, "qos");
        return async("+MQTTSUB", AtRequest.of("AT+MQTTSUB=" + id + "," + topic(topic) + "," + qos.code()),
                channel.timeouts().mqttOutcome());
    }

    @Override
    public CompletableFuture<Void> unsubscribe(MqttTopic topic) {
        return async("+MQTTUNSUB", AtRequest.of("AT+MQTTUNSUB=" + id + "," + topic(topic)), channel.timeouts().mqttOutcome());
    }

    @Override
    public CompletableFuture<Void> publish(MqttTopic topic, Qos qos, boolean retain, byte[] payload) {
        Objects.requireNonNull(qos, "qos");
        String head = "AT+MQTTPUB=" + id + "," + topic(topic) + "," + qos.code() + "," + (retain ? 1 : 0) + ",";
        return async("+MQTTPUB", withPayload(head, payload), channel.timeouts().mqttOutcome());
    }

    @Override
    public CompletableFuture<Optional<MqttMessage>> read() {
        return Futures.map(channel.send("AT+MQTTREAD=" + id), this::parseRead);
    }

    private Optional<MqttMessage> parseRead(AtResponse r) {
        Optional<String> line = r.line("+MQTTREAD");
        if (line.isEmpty()) {
            return Optional.empty();
        }
        Optional<MqttMessage> m = MqttLines.read(line.get());
        if (m == null) {
            throw new L610Exception(r.command() + ": cannot parse '" + line.get() + "'");
        }
        return m;
    }

    /** Registers the outcome waiter and enqueues the command as one step, so waiters line up with commands. */
    private CompletableFuture<Void> async(String name, AtRequest request, Duration outcomeTimeout) {
        MqttOutcomes.Waiter w;
        CompletableFuture<AtResponse> ok;
        synchronized (channel) {
            w = outcomes.expect(name, id);
            ok = channel.send(request);
        }
        ok.whenComplete((r, e) -> {
            if (e != null) {
                outcomes.failed(w, Futures.unwrap(e));
            } else {
                outcomes.accepted(w, request.command(), outcomeTimeout);
            }
        });
        return w.future;
    }

    /** Inline {@code "<payload>"} when short printable text; else {@code <len>} and the {@code >} data block. */
    static AtRequest withPayload(String head, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload is at most " + MAX_PAYLOAD + " bytes, was " + payload.length);
        }
        if (inline(payload)) {
            return AtRequest.of(head + "\"" + new String(payload, StandardCharsets.ISO_8859_1) + "\"");
        }
        return AtRequest.of(head + payload.length).withData(payload);
    }

    static boolean inline(byte[] p) {
        if (p.length > INLINE_LIMIT) {
            return false;
        }
        for (byte b : p) {
            if (b < 0x20 || b > 0x7E || b == '"' || b == '\\') {
                return false;
            }
        }
        return true;
    }

    private String topic(MqttTopic topic) {
        Objects.requireNonNull(topic, "topic");
        if (topic instanceof MqttTopic.Id tid) {
            if (!isMqttSn()) {
                throw new IllegalArgumentException("a topic id needs an MQTT-SN client (101, 102), not " + id);
            }
            if (tid.value() < 1) {
                throw new IllegalArgumentException("topic id is 1..65535, was " + tid.value());
            }
            return Integer.toString(tid.value());
        }
        return quoted(((MqttTopic.Name) topic).value(), 1, 255, "topic");
    }

    /** A quoted string parameter: printable ASCII without {@code "} (the modem's strings have no escapes). */
    static String quoted(String v, int min, int max, String what) {
        Objects.requireNonNull(v, what);
        if (v.length() < min || v.length() > max) {
            throw new IllegalArgumentException(what + " must be " + min + ".." + max + " characters, was " + v.length());
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"') {
                throw new IllegalArgumentException(what + " must be printable ASCII without '\"': " + v);
            }
        }
        return "\"" + v + "\"";
    }
}
