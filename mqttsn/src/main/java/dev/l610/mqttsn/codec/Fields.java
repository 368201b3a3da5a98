package dev.l610.mqttsn.codec;

import java.util.Objects;

/** Range checks shared by the message records (values a caller builds; the decoder never violates them). */
final class Fields {

    private Fields() {
    }

    static int u8(int value, String name) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(name + " must be 0..255, was " + value);
        }
        return value;
    }

    static int u16(int value, String name) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(name + " must be 0..65535, was " + value);
        }
        return value;
    }

    static <T> T notNull(T value, String name) {
        return Objects.requireNonNull(value, name);
    }

    static String notEmpty(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    static QoS notMinusOne(QoS qos, String name) {
        Objects.requireNonNull(qos, name);
        if (qos == QoS.MINUS_ONE) {
            throw new IllegalArgumentException(name + ": QoS -1 is only defined for PUBLISH (§6.8)");
        }
        return qos;
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }
}
