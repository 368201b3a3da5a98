package dev.l610.driver;

/**
 * The answer to {@code AT+CREG?}, {@code AT+CGREG?} or {@code AT+CEREG?}: {@code +CEREG: <n>,<stat>[,...]}.
 *
 * @param kind which query
 * @param mode the unsolicited mode n (-1 when the line had only the stat)
 * @param statCode the stat as sent
 */
public record Registration(RegistrationKind kind, int mode, int statCode) {

    /** The status, or {@code null} for a stat outside 0..5. */
    public RegistrationStatus status() {
        return RegistrationStatus.fromCode(statCode);
    }

    /** Stat 1 (home) or 5 (roaming). */
    public boolean isRegistered() {
        return statCode == 1 || statCode == 5;
    }
}
