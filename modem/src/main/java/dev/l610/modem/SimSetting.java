package dev.l610.modem;

import java.util.Objects;

/**
 * The SIM in the modem (docs/at-reference.md §5): {@code ready} (no PIN), {@code absent}, or
 * {@code pin:<PIN>} (locked until {@code AT+CPIN="<PIN>"}). Parsed from the text that
 * {@code l610 serve --sim} and {@code POST /faults/sim?state=} take.
 *
 * @param kind what kind of SIM
 * @param pin the PIN of a {@link Kind#PIN} SIM (4..8 digits), else null
 */
public record SimSetting(Kind kind, String pin) {

    /** What the modem finds in its SIM slot. */
    public enum Kind { READY, ABSENT, PIN }

    public static final SimSetting READY = new SimSetting(Kind.READY, null);
    public static final SimSetting ABSENT = new SimSetting(Kind.ABSENT, null);

    public SimSetting {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.PIN) {
            if (pin == null || !pin.matches("[0-9]{4,8}")) {
                throw new IllegalArgumentException("a SIM PIN is 4..8 digits, was " + pin);
            }
        } else if (pin != null) {
            throw new IllegalArgumentException("only a pin:<PIN> SIM has a PIN");
        }
    }

    /** A SIM locked with {@code pin}. */
    public static SimSetting pin(String pin) {
        return new SimSetting(Kind.PIN, pin);
    }

    /** {@code ready}, {@code absent} or {@code pin:<PIN>}. */
    public static SimSetting parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("ready")) {
            return READY;
        }
        if (t.equalsIgnoreCase("absent")) {
            return ABSENT;
        }
        if (t.regionMatches(true, 0, "pin:", 0, 4)) {
            return pin(t.substring(4));
        }
        throw new IllegalArgumentException("SIM state must be ready, absent or pin:<PIN>, was '" + text + "'");
    }

    @Override
    public String toString() {
        return kind == Kind.PIN ? "pin:" + pin : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
