package dev.l610.driver;

/** The {@code <stat>} of {@code +CREG}/{@code +CGREG}/{@code +CEREG} (3GPP TS 27.007 §7.2). */
public enum RegistrationStatus {
    NOT_REGISTERED(0),
    REGISTERED_HOME(1),
    SEARCHING(2),
    DENIED(3),
    UNKNOWN(4),
    REGISTERED_ROAMING(5);

    private final int code;

    RegistrationStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** True for stat 1 (home) and 5 (roaming). */
    public boolean isRegistered() {
        return this == REGISTERED_HOME || this == REGISTERED_ROAMING;
    }

    /** The status with this code, or {@code null} for a code outside 0..5. */
    public static RegistrationStatus fromCode(int code) {
        for (RegistrationStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
