package dev.l610.driver;

import java.util.Objects;

/**
 * A topic as the L610 commands take it: a name ({@code "sensors/t1"}; on MQTT-SN clients 101/102 a
 * two-character name is a short topic), or an MQTT-SN topic id (1..65535, clients 101/102 only),
 * written as a bare integer.
 */
public sealed interface MqttTopic permits MqttTopic.Name, MqttTopic.Id {

    /** A topic name. Names sent to the modem must be 1..255 printable ASCII characters without {@code "}. */
    record Name(String value) implements MqttTopic {
        public Name {
            Objects.requireNonNull(value, "value");
        }

        /** True for a two-character name: an MQTT-SN short topic on clients 101/102. */
        public boolean isShort() {
            return value.length() == 2;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /** An MQTT-SN predefined or registered topic id. */
    record Id(int value) implements MqttTopic {
        public Id {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("topic id is 1..65535, was " + value);
            }
        }

        @Override
        public String toString() {
            return Integer.toString(value);
        }
    }

    static MqttTopic name(String name) {
        return new Name(name);
    }

    static MqttTopic id(int id) {
        return new Id(id);
    }
}
