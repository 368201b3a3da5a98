package dev.l610.modem.mqtt;

/**
 * A topic as the AT commands name it (docs/at-reference.md §3-4): a name; for MQTT-SN clients also a predefined
 * topic id (an unquoted integer parameter) or a short topic (a 2-character string).
 */
public sealed interface Topic permits Topic.Name, Topic.Predefined, Topic.Short {

    /** A topic name (MQTT topic, or MQTT-SN normal topic registered with REGISTER). */
    record Name(String name) implements Topic {
        @Override
        public String urcText() {
            return '"' + name + '"';
        }

        @Override
        public int length() {
            return name.length();
        }
    }

    /** MQTT-SN predefined topic id 1..65535: written as a bare integer in URCs. */
    record Predefined(int id) implements Topic {
        @Override
        public String urcText() {
            return Integer.toString(id);
        }

        @Override
        public int length() {
            return 0;
        }
    }

    /** MQTT-SN short topic: exactly two characters. */
    record Short(String name) implements Topic {
        @Override
        public String urcText() {
            return '"' + name + '"';
        }

        @Override
        public int length() {
            return 2;
        }
    }

    /** How +MQTTMSG and +MQTTREAD write the topic. */
    String urcText();

    /** The topic's length in bytes (0 for a predefined id). */
    int length();
}
