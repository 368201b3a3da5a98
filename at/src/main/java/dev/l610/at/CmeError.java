package dev.l610.at;

/**
 * The {@code +CME ERROR} codes the modem uses: 3GPP TS 27.007 §9.2 and the MQTT errors of the L610
 * manual §2. Texts are what {@code AT+CMEE=2} prints.
 */
public enum CmeError {
    OPERATION_NOT_ALLOWED(3, "operation not allowed"),
    OPERATION_NOT_SUPPORTED(4, "operation not supported"),
    SIM_NOT_INSERTED(10, "SIM not inserted"),
    SIM_PIN_REQUIRED(11, "SIM PIN required"),
    SIM_PUK_REQUIRED(12, "SIM PUK required"),
    SIM_FAILURE(13, "SIM failure"),
    INCORRECT_PASSWORD(16, "incorrect password"),
    NO_NETWORK_SERVICE(30, "no network service"),
    INCORRECT_PARAMETERS(50, "Incorrect parameters"),
    UNKNOWN(100, "unknown"),
    /** MQTT CONNACK return code 1. */
    UNACCEPTABLE_PROTOCOL_VERSION(700, "Unacceptable protocol version"),
    /** MQTT CONNACK return code 2. */
    IDENTIFIER_REJECTED(701, "Identifier rejected"),
    /** MQTT CONNACK return code 3. */
    SERVER_UNAVAILABLE(702, "Server unavailable"),
    /** MQTT CONNACK return code 4. */
    BAD_USER_NAME_OR_PASSWORD(703, "Bad user name or password"),
    /** MQTT CONNACK return code 5. */
    NOT_AUTHORIZED(704, "Not authorized");

    private final int code;
    private final String text;

    CmeError(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public String text() {
        return text;
    }

    public boolean isMqtt() {
        return code >= 700 && code <= 704;
    }

    /** The error for a numeric code, or null when the code is not one of ours. */
    public static CmeError fromCode(int code) {
        for (CmeError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }

    /** docs/at-reference.md §3: a refused MQTT CONNACK return code 1..5 maps to 700..704. */
    public static CmeError fromConnAckReturnCode(int returnCode) {
        if (returnCode < 1 || returnCode > 5) {
            throw new IllegalArgumentException("not a refusal return code: " + returnCode);
        }
        return fromCode(699 + returnCode);
    }
}
