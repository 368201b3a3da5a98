package dev.l610.modem;

/** IMEI checks: 15 digits whose last is the Luhn check digit of the first 14 (3GPP TS 23.003 §6.2.1). */
public final class Imei {

    private Imei() {
    }

    public static boolean isValid(String imei) {
        return imei != null && imei.matches("\\d{15}") && luhnDigit(imei.substring(0, 14)) == imei.charAt(14) - '0';
    }

    /** The Luhn check digit of 14 digits. */
    public static int luhnDigit(String fourteen) {
        if (!fourteen.matches("\\d{14}")) {
            throw new IllegalArgumentException("need 14 digits, got \"" + fourteen + "\"");
        }
        int sum = 0;
        for (int i = 0; i < 14; i++) {
            int d = fourteen.charAt(i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }

    /**
     * Accepts 15 digits with a valid check digit, or 14 digits (the check digit is added).
     *
     * @throws IllegalArgumentException with a message a user can act on
     */
    public static String normalize(String imei) {
        if (imei != null && imei.matches("\\d{14}")) {
            return imei + luhnDigit(imei);
        }
        if (imei == null || !imei.matches("\\d{15}")) {
            throw new IllegalArgumentException("an IMEI is 15 digits (or 14, and the check digit is added): \"" + imei + "\"");
        }
        if (!isValid(imei)) {
            throw new IllegalArgumentException("IMEI " + imei + " has a wrong check digit; the Luhn digit for "
                    + imei.substring(0, 14) + " is " + luhnDigit(imei.substring(0, 14)));
        }
        return imei;
    }
}
