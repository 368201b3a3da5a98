package dev.l610.fleet;

/** IMEIs of a fleet: a 14-digit base plus the device index, and the Luhn check digit. */
public final class Imei {

    /** The default base: Fibocom's L610 type allocation code 86954804 and serial 000000. */
    public static final String DEFAULT_BASE = "86954804000000";

    private Imei() {
    }

    /**
     * The IMEI of device {@code index}: {@code base + index} as 14 digits, then its Luhn digit.
     *
     * @throws IllegalArgumentException when the base is not 14 digits or base + index overflows 14 digits
     */
    public static String of(String base, long index) {
        if (base == null || !base.matches("\\d{14}")) {
            throw new IllegalArgumentException("an IMEI base is 14 digits, was " + base);
        }
        if (index < 0) {
            throw new IllegalArgumentException("a device index is >= 0, was " + index);
        }
        long body = Long.parseLong(base) + index;
        if (body > 99_999_999_999_999L) {
            throw new IllegalArgumentException("IMEI base " + base + " + " + index + " has more than 14 digits");
        }
        String digits = String.format("%014d", body);
        return digits + luhn(digits);
    }

    /** The Luhn check digit of 14 digits (the modem's own rule, {@link dev.l610.modem.Imei}). */
    public static int luhn(String digits) {
        return dev.l610.modem.Imei.luhnDigit(digits);
    }

    /** True for 15 digits whose last is the Luhn digit of the others. */
    public static boolean valid(String imei) {
        return imei != null && dev.l610.modem.Imei.isValid(imei);
    }
}
