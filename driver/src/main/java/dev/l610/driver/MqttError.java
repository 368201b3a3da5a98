package dev.l610.driver;

/**
 * The MQTT errors of the L610 manual §2: a broker refused the CONNECT with CONNACK return code
 * 1..5, reported by the modem as {@code +CME ERROR: 700..704} just before {@code +MQTTOPEN: <id>,0}.
 */
public enum MqttError {
    /** CONNACK return code 1. */
    UNACCEPTABLE_PROTOCOL_VERSION(700, "Unacceptable protocol version"),
    /** CONNACK return code 2. */
    IDENTIFIER_REJECTED(701, "Identifier rejected"),
    /** CONNACK return code 3. */
    SERVER_UNAVAILABLE(702, "Server unavailable"),
    /** CONNACK return code 4. */
    BAD_USER_NAME_OR_PASSWORD(703, "Bad user name or password"),
    /** CONNACK return code 5. */
    NOT_AUTHORIZED(704, "Not authorized");

    private final int code;
    private final String text;

    MqttError(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The {@code +CME ERROR} code, 700..704. */
    public int code() {
        return code;
    }

    /** The manual's text, as {@code AT+CMEE=2} prints it. */
    public String text() {
        return text;
    }

    /** The MQTT 3.1.1 CONNACK return code (1..5) this error reports. */
    public int connAckReturnCode() {
        return code - 699;
    }

    /** The error with this {@code +CME ERROR} code, or {@code null} outside 700..704. */
    public static MqttError fromCode(int code) {
        for (MqttError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }

    /** The error with this verbose text (case and blanks ignored), or {@code null}. */
    public static MqttError fromText(String text) {
        String want = CmeError.normalize(text);
        for (MqttError e : values()) {
            if (CmeError.normalize(e.text).equals(want)) {
                return e;
            }
        }
        return null;
    }
}
