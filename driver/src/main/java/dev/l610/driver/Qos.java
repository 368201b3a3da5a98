package dev.l610.driver;

/** MQTT quality of service, the {@code <qos>} parameter (0..2). */
public enum Qos {
    AT_MOST_ONCE(0),
    AT_LEAST_ONCE(1),
    EXACTLY_ONCE(2);

    private final int code;

    Qos(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The QoS with this code, or {@code null} outside 0..2. */
    public static Qos fromCode(int code) {
        for (Qos q : values()) {
            if (q.code == code) {
                return q;
            }
        }
        return null;
    }
}
