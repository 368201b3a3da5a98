package dev.l610.driver;

/** How the modem reports received messages: {@code AT+MQTTCONF=<mode>} (manual §1.8). */
public enum MqttConfMode {
    /** Default: each message is written at once as {@code +MQTTMSG: <id>,<qos>,"<topic>","<payload>"}. */
    DIRECT(0),
    /** Each message is stored and announced by {@code +MQTTMSGI}; {@code AT+MQTTREAD} fetches it. */
    STORE(1);

    private final int code;

    MqttConfMode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The mode with this code, or {@code null} outside 0..1. */
    public static MqttConfMode fromCode(int code) {
        for (MqttConfMode m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        return null;
    }
}
