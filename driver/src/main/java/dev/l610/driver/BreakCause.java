package dev.l610.driver;

/** Why an open MQTT client dropped: the {@code <cause>} of {@code +MQTTBREAK: <id>,<cause>} (manual §1.4). */
public enum BreakCause {
    /** The broker closed the connection, the keepalive was lost, or a socket error. */
    BROKER(1),
    /** The wireless data link (the IP address) was lost. */
    DATA_LINK_LOST(2),
    /** The modem is no longer registered to the packet network. */
    NOT_REGISTERED(3);

    private final int code;

    BreakCause(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The cause with this code, or {@code null} for a code the manual does not define. */
    public static BreakCause fromCode(int code) {
        for (BreakCause c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
