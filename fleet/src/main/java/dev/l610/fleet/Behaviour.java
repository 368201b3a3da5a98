package dev.l610.fleet;

import dev.l610.fleet.internal.BehaviourReader;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What each device of a fleet does, read from a YAML behaviour file (see docs/fleet.md): bring-up, the
 * MQTT client and its identity templates, subscriptions, periodic publishes, reconnects as firmware
 * does them, the ramp-up, the probe and checker on the broker, the cellular events, and the timing
 * profiles. Every field has a default; a file may be empty.
 *
 * @param timing timing profile per share of the fleet: {@code instant}, {@code cat1}, {@code nbiot} or a
 *               profile file, each with its share (one profile: share 1)
 * @param seed the seed of every random draw (with the device index)
 */
public record Behaviour(Map<String, Double> timing, BringUp bringUp, Mqtt mqtt, List<Subscription> subscribe,
                        Publish publish, Reconnect reconnect, Ramp ramp, Probe probe, boolean verify,
                        Cellular cellular, long seed) {

    /**
     * @param registrationPoll how often {@code AT+CGREG?} is asked until registered
     * @param registrationTimeout registration given up after this (the device counts an error and stops)
     * @param mipcall {@code AT+MIPCALL=1} after registration (when no context is up yet)
     * @param apn the APN of {@code AT+MIPCALL}, or null for the modem's
     */
    public record BringUp(Duration registrationPoll, Duration registrationTimeout, boolean mipcall, String apn) {
    }

    /**
     * @param client 1 or 2 (MQTT 3.1.1 over TCP) or 101 or 102 (MQTT-SN over UDP to a gateway)
     * @param clientId template of the MQTT client identifier ({@code {imei}}, {@code {index}}); at most 23 characters
     * @param user template of the user name, empty for none
     * @param password template of the password, empty for none
     * @param keepAlive seconds, 1..300
     * @param storeMode {@code AT+MQTTCONF=1}: received messages are stored and read with {@code AT+MQTTREAD}
     */
    public record Mqtt(int client, String clientId, String user, String password, int keepAlive, boolean cleanSession,
                       boolean storeMode) {
        public boolean isMqttSn() {
            return client >= 101;
        }
    }

    /** A topic template and its QoS (0..2). */
    public record Subscription(String topic, int qos) {
    }

    /**
     * @param topic topic template ({@code {imei}}, {@code {index}})
     * @param every the period; zero publishes nothing
     * @param jitter each period drawn in {@code every ± jitter}
     * @param payload template: {@code {seq}}, {@code {ts}} (epoch ms), {@code {imei}}, {@code {index}},
     *                {@code {random:N}} (N random hex digits), {@code {rssi}} (asked with {@code AT+CSQ} before each publish)
     * @param count messages per device, then it stops publishing (0: until the run's duration is over)
     */
    public record Publish(String topic, int qos, boolean retain, Duration every, Duration jitter, String payload, int count) {
    }

    /**
     * As the firmware reconnects after {@code +MQTTBREAK}: try {@code k} waits
     * {@code min(maxBackoff, backoff · 2^(k-1))} ± {@code jitter} (a fraction), asks {@code AT+CGREG?},
     * and opens when registered; after {@code tries} failed tries the device gives up (an error).
     */
    public record Reconnect(int tries, Duration backoff, Duration maxBackoff, double jitter) {
    }

    /** Devices started per second (0: all at once). */
    public record Ramp(double rate) {
    }

    /**
     * A publisher on the broker that stamps a message to each device's first subscription every
     * {@code every} (zero: none): backend to {@code +MQTTMSG} latency, loss, duplicates, order.
     */
    public record Probe(Duration every) {
    }

    /**
     * @param natIdleTimeout a carrier NAT forgets a connection quiet for this long (zero: never); the
     *                       device's connection is then silently black-holed until it breaks
     * @param outage a cell outage, or null
     * @param ipChange each re-attach (after a lost registration or context) brings another IP address
     * @param sleep radio-off periods, or null
     * @param drift the signal's random walk, or null
     */
    public record Cellular(Duration natIdleTimeout, Outage outage, boolean ipChange, Sleep sleep, Drift drift) {
    }

    /** Every {@code every} the signal ({@code +CSQ} rssi, 0..31) moves by up to {@code step} either way, from the seed. */
    public record Drift(Duration every, int step) {
    }

    /**
     * Sleep cycles: every {@code every} (the first at a seeded point within it) the device closes its client
     * ({@code AT+MQTTCLOSE}), turns the radio off ({@code AT+CFUN=0}) for {@code duration}, then on again,
     * registers and opens; with {@code mqtt.cleanSession: false} messages for it wait at the broker meanwhile.
     */
    public record Sleep(Duration every, Duration duration) {
    }

    /** At {@code at} a {@code fraction} of the fleet (drawn from the seed) deregisters for {@code duration}. */
    public record Outage(Duration at, Duration duration, double fraction) {
    }

    /** Reads a behaviour file. */
    public static Behaviour read(Path file) throws IOException {
        return BehaviourReader.read(file);
    }

    /** Parses behaviour YAML; {@link IllegalArgumentException} with the offending key on bad input. */
    public static Behaviour parse(String yaml) {
        return BehaviourReader.parse(yaml);
    }

    /** A duration as behaviour files write them: {@code 10s}, {@code 250ms}, {@code 2m}, {@code 1h}, or seconds. */
    public static Duration duration(String text) {
        return BehaviourReader.duration("duration", text);
    }

    /** Every default: a telemetry device on client 1 publishing every 10 s. */
    public static Behaviour defaults() {
        return parse("{}");
    }
}
