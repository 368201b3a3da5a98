package dev.l610.driver;

import java.util.OptionalInt;

/**
 * {@code +CSQ: <rssi>,<ber>} (27.007 §8.5).
 *
 * @param rssi 0..31, or 99 when not known (e.g. radio off)
 * @param ber 0..7, or 99 when not known
 */
public record Signal(int rssi, int ber) {

    public boolean known() {
        return rssi >= 0 && rssi <= 31;
    }

    /** Received power: rssi 0 is -113 dBm or less, each step 2 dB, 31 is -51 dBm or more; empty when unknown. */
    public OptionalInt dBm() {
        return known() ? OptionalInt.of(-113 + 2 * rssi) : OptionalInt.empty();
    }
}
