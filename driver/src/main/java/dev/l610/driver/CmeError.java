package dev.l610.driver;

import java.util.Locale;

/**
 * The general {@code +CME ERROR} codes of 3GPP TS 27.007 §9.2 that an L610 may answer. The MQTT codes
 * 700..704 of the L610 manual §2 are {@link MqttError}. Texts are the verbose forms ({@code AT+CMEE=2}).
 */
public enum CmeError {
    PHONE_FAILURE(0, "phone failure"),
    NO_CONNECTION_TO_PHONE(1, "no connection to phone"),
    PHONE_ADAPTOR_LINK_RESERVED(2, "phone-adaptor link reserved"),
    OPERATION_NOT_ALLOWED(3, "operation not allowed"),
    OPERATION_NOT_SUPPORTED(4, "operation not supported"),
    PH_SIM_PIN_REQUIRED(5, "PH-SIM PIN required"),
    SIM_NOT_INSERTED(10, "SIM not inserted"),
    SIM_PIN_REQUIRED(11, "SIM PIN required"),
    SIM_PUK_REQUIRED(12, "SIM PUK required"),
    SIM_FAILURE(13, "SIM failure"),
    SIM_BUSY(14, "SIM busy"),
    SIM_WRONG(15, "SIM wrong"),
    INCORRECT_PASSWORD(16, "incorrect password"),
    MEMORY_FULL(20, "memory full"),
    INVALID_INDEX(21, "invalid index"),
    NOT_FOUND(22, "not found"),
    MEMORY_FAILURE(23, "memory failure"),
    TEXT_STRING_TOO_LONG(24, "text string too long"),
    NO_NETWORK_SERVICE(30, "no network service"),
    NETWORK_TIMEOUT(31, "network timeout"),
    EMERGENCY_CALLS_ONLY(32, "network not allowed - emergency calls only"),
    INCORRECT_PARAMETERS(50, "incorrect parameters"),
    UNKNOWN(100, "unknown"),
    ILLEGAL_MS(103, "illegal MS"),
    ILLEGAL_ME(106, "illegal ME"),
    GPRS_SERVICES_NOT_ALLOWED(107, "GPRS services not allowed"),
    PLMN_NOT_ALLOWED(111, "PLMN not allowed"),
    LOCATION_AREA_NOT_ALLOWED(112, "location area not allowed"),
    ROAMING_NOT_ALLOWED(113, "roaming not allowed in this location area"),
    SERVICE_OPTION_NOT_SUPPORTED(132, "service option not supported"),
    SERVICE_OPTION_NOT_SUBSCRIBED(133, "requested service option not subscribed"),
    SERVICE_OPTION_OUT_OF_ORDER(134, "service option temporarily out of order"),
    UNSPECIFIED_GPRS_ERROR(148, "unspecified GPRS error"),
    PDP_AUTHENTICATION_FAILURE(149, "PDP authentication failure"),
    INVALID_MOBILE_CLASS(150, "invalid mobile class");

    private final int code;
    private final String text;

    CmeError(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The numeric code, as {@code AT+CMEE=1} prints it. */
    public int code() {
        return code;
    }

    /** The verbose text, as {@code AT+CMEE=2} prints it. */
    public String text() {
        return text;
    }

    /** The error with this code, or {@code null} when the code is not in the table (e.g. 700..704). */
    public static CmeError fromCode(int code) {
        for (CmeError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }

    /**
     * The error whose verbose text this is (case, surrounding blanks, doubled blanks and a trailing
     * full stop ignored), or {@code null} when the text is not in the table.
     */
    public static CmeError fromText(String text) {
        String want = normalize(text);
        for (CmeError e : values()) {
            if (normalize(e.text).equals(want)) {
                return e;
            }
        }
        return null;
    }

    static String normalize(String text) {
        String t = text.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return t.endsWith(".") ? t.substring(0, t.length() - 1).trim() : t;
    }
}
