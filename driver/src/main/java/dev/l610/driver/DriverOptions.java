package dev.l610.driver;

import java.util.Objects;

/**
 * Settings of one {@link L610Driver}.
 *
 * @param timeouts how long to wait for answers
 * @param maxLineLength longest line accepted from the modem; a longer one is discarded up to its end
 *                      and logged (default 8192: a +MQTTMSG with a 1500-byte payload fits easily)
 * @param echoAtStart what the driver assumes about echo before it has seen any answer (default true:
 *                    ATE1 is the power-up default); it learns the real state from the answers either way
 * @param name a short name for thread names and logs
 */
public record DriverOptions(Timeouts timeouts, int maxLineLength, boolean echoAtStart, String name) {

    public static final int DEFAULT_MAX_LINE_LENGTH = 8192;

    public DriverOptions {
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(name, "name");
        if (maxLineLength < 64) {
            throw new IllegalArgumentException("maxLineLength must be at least 64, was " + maxLineLength);
        }
    }

    public static DriverOptions defaults() {
        return new DriverOptions(Timeouts.defaults(), DEFAULT_MAX_LINE_LENGTH, true, "l610");
    }

    public DriverOptions withTimeouts(Timeouts t) {
        return new DriverOptions(t, maxLineLength, echoAtStart, name);
    }

    public DriverOptions withMaxLineLength(int n) {
        return new DriverOptions(timeouts, n, echoAtStart, name);
    }

    public DriverOptions withEchoAtStart(boolean on) {
        return new DriverOptions(timeouts, maxLineLength, on, name);
    }

    public DriverOptions withName(String n) {
        return new DriverOptions(timeouts, maxLineLength, echoAtStart, n);
    }
}
