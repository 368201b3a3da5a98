package dev.l610.mqttsn.testutil;

import java.util.HexFormat;

/** Hex helpers for test fixtures. */
public final class Hex {

    private Hex() {
    }

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
