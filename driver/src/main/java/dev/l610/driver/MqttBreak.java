package dev.l610.driver;

/**
 * An open client dropped without {@code AT+MQTTCLOSE}: {@code +MQTTBREAK: <id>,<cause>}. The client id
 * may be opened again.
 *
 * @param clientId 1, 2, 101 or 102
 * @param causeCode the cause as sent (1..3 in the manual)
 */
public record MqttBreak(int clientId, int causeCode) {

    /** The cause, or {@code null} for a code the manual does not define. */
    public BreakCause cause() {
        return BreakCause.fromCode(causeCode);
    }
}
