package dev.l610.driver;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the driver waits. A command that gets no final result in time fails with
 * {@link AtTimeoutException}; so does an asynchronous command whose outcome URC does not come.
 *
 * @param command final result of an ordinary command (default 10 s)
 * @param mqttOpen final result and then the {@code +MQTTOPEN: <id>,<status>} outcome (default 35 s: the
 *                 modem itself reports status 0 after 30 s, docs/at-reference.md §3, and hosts wait 15-40 s)
 * @param mqttOutcome outcome URC of {@code +MQTTCLOSE/SUB/UNSUB/PUB} after the {@code OK} (default 35 s,
 *                    for the same reason)
 * @param dataCall final result of {@code AT+MIPCALL=1} and then its {@code +MIPCALL: <ip>} URC (default 150 s,
 *                 as the slowest real hosts wait)
 */
public record Timeouts(Duration command, Duration mqttOpen, Duration mqttOutcome, Duration dataCall) {

    public Timeouts {
        positive(command, "command");
        positive(mqttOpen, "mqttOpen");
        positive(mqttOutcome, "mqttOutcome");
        positive(dataCall, "dataCall");
    }

    public static Timeouts defaults() {
        return new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(35), Duration.ofSeconds(35), Duration.ofSeconds(150));
    }

    /** The same timeout for everything (handy in tests). */
    public static Timeouts all(Duration d) {
        return new Timeouts(d, d, d, d);
    }

    public Timeouts withCommand(Duration d) {
        return new Timeouts(d, mqttOpen, mqttOutcome, dataCall);
    }

    public Timeouts withMqttOpen(Duration d) {
        return new Timeouts(command, d, mqttOutcome, dataCall);
    }

    public Timeouts withMqttOutcome(Duration d) {
        return new Timeouts(command, mqttOpen, d, dataCall);
    }

    public Timeouts withDataCall(Duration d) {
        return new Timeouts(command, mqttOpen, mqttOutcome, d);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " timeout must be positive, was " + d);
        }
    }
}
