package dev.l610.driver;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Modem#bringUp(BringUpOptions)} proceeds.
 *
 * @param dataCall also make sure a data call is up ({@code AT+MIPCALL}); the L610 powers up with one, so
 *                 MQTT works without it
 * @param apn APN for {@code AT+MIPCALL=1,"<apn>"}, or null to send none
 * @param simTimeout how long {@code AT+CPIN?} is polled for READY
 * @param registrationTimeout how long the registration queries are polled for stat 1 or 5
 * @param attachTimeout how long {@code AT+CGATT?} is polled for 1
 * @param pollInterval pause between two polls
 */
public record BringUpOptions(boolean dataCall, String apn, Duration simTimeout, Duration registrationTimeout,
                             Duration attachTimeout, Duration pollInterval) {

    public BringUpOptions {
        Objects.requireNonNull(simTimeout, "simTimeout");
        Objects.requireNonNull(registrationTimeout, "registrationTimeout");
        Objects.requireNonNull(attachTimeout, "attachTimeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (apn != null && apn.indexOf('"') >= 0) {
            throw new IllegalArgumentException("apn cannot hold '\"'");
        }
    }

    /** No data call; SIM 20 s, registration 120 s, attach 60 s; poll once a second (as real hosts do). */
    public static BringUpOptions defaults() {
        return new BringUpOptions(false, null, Duration.ofSeconds(20), Duration.ofSeconds(120), Duration.ofSeconds(60),
                Duration.ofSeconds(1));
    }

    /** Also bring a data call up, with this APN (null: none sent). */
    public BringUpOptions withDataCall(String apnOrNull) {
        return new BringUpOptions(true, apnOrNull, simTimeout, registrationTimeout, attachTimeout, pollInterval);
    }

    public BringUpOptions withPollInterval(Duration d) {
        return new BringUpOptions(dataCall, apn, simTimeout, registrationTimeout, attachTimeout, d);
    }

    /** The same deadline for the SIM, registration and attach steps. */
    public BringUpOptions withStepTimeout(Duration d) {
        return new BringUpOptions(dataCall, apn, d, d, d, pollInterval);
    }
}
