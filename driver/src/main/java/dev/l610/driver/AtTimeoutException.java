package dev.l610.driver;

import java.time.Duration;

/**
 * An answer did not come in time: no final result for a command, or no outcome URC
 * ({@code +MQTTOPEN: <id>,<status>}, {@code +MIPCALL: <ip>}, ...) after its {@code OK}.
 * Nothing is retried: the caller decides.
 */
public class AtTimeoutException extends L610Exception {

    private final String command;
    private final Duration timeout;

    public AtTimeoutException(String command, Duration timeout, String waitingFor) {
        super(command + ": no " + waitingFor + " within " + timeout.toMillis() + " ms");
        this.command = command;
        this.timeout = timeout;
    }

    public String command() {
        return command;
    }

    public Duration timeout() {
        return timeout;
    }
}
