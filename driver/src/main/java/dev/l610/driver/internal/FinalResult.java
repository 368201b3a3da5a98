package dev.l610.driver.internal;

import dev.l610.driver.CmeError;
import dev.l610.driver.MqttError;

/**
 * A final result line (V.250 §5.7.1, 27.007 §9.2): {@code OK}, {@code ERROR}, {@code +CME ERROR: <n|text>},
 * or {@code +CMS ERROR: <n>}.
 *
 * @param ok true for {@code OK}
 * @param code the {@code +CME ERROR} code; -1 for {@code ERROR}, {@code +CMS ERROR} or an unknown text
 * @param line the line as received
 */
record FinalResult(boolean ok, int code, String line) {

    /** The final result this line is, or null when it is none. */
    static FinalResult parse(String line) {
        String t = line.strip();
        if (t.equalsIgnoreCase("OK")) {
            return new FinalResult(true, -1, t);
        }
        if (t.equalsIgnoreCase("ERROR") || t.regionMatches(true, 0, "+CMS ERROR", 0, 10)) {
            return new FinalResult(false, -1, t);
        }
        if (AtFields.hasPrefix(t, "+CME ERROR")) {
            return new FinalResult(false, cmeCode(AtFields.afterPrefix(t)), t);
        }
        return null;
    }

    /** A numeric code, or a verbose text mapped back to its code (-1 when unknown). */
    static int cmeCode(String value) {
        int n = AtFields.intOr(value, -1);
        if (n >= 0) {
            return n;
        }
        CmeError cme = CmeError.fromText(value);
        if (cme != null) {
            return cme.code();
        }
        MqttError mqtt = MqttError.fromText(value);
        return mqtt == null ? -1 : mqtt.code();
    }

    /**
     * docs/at-reference.md §3: a refused CONNACK is announced by {@code +CME ERROR: 700..704} as a URC right before
     * {@code +MQTTOPEN: <id>,0}. No command answers 700..704 as its final result, so such a line is
     * always a URC, even while a command is pending.
     */
    static MqttError mqttRefusal(String line) {
        String t = line.strip();
        return AtFields.hasPrefix(t, "+CME ERROR") ? MqttError.fromCode(cmeCode(AtFields.afterPrefix(t))) : null;
    }
}
