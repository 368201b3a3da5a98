package dev.l610.mqttsn;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A topic as MQTT-SN addresses it: by name (registered to a normal topic id per connection), by a
 * predefined topic id, or by a short topic name of two octets (§6.7).
 */
public sealed interface Topic permits Topic.Named, Topic.Predefined, Topic.Short {

    /**
     * A topic name. To publish, the client registers it first (REGISTER/REGACK, §6.5) and caches the
     * id for the connection; to subscribe, it sends the name (wildcards allowed).
     */
    static Named name(String name) {
        return new Named(name);
    }

    /** A predefined topic id (1..65535) both sides know in advance. */
    static Predefined predefined(int id) {
        return new Predefined(id);
    }

    /** A short topic name: a string whose UTF-8 encoding is exactly two octets, e.g. {@code "ab"}. */
    static Short shortName(String name) {
        return new Short(name);
    }

    /** A topic name, non-empty; may hold {@code +} and {@code #} for subscriptions only. */
    record Named(String name) implements Topic {
        public Named {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a topic name must not be empty");
            }
        }

        /** {@code true} when the name holds an MQTT wildcard ({@code +} or {@code #}). */
        public boolean hasWildcard() {
            return name.indexOf('+') >= 0 || name.indexOf('#') >= 0;
        }
    }

    /** A predefined topic id, 1..65535. */
    record Predefined(int id) implements Topic {
        public Predefined {
            if (id < 1 || id > 0xFFFF) {
                throw new IllegalArgumentException("a predefined topic id must be 1..65535, was " + id);
            }
        }
    }

    /** A short topic name of exactly two UTF-8 octets. */
    record Short(String name) implements Topic {
        public Short {
            Objects.requireNonNull(name, "name");
            if (name.getBytes(StandardCharsets.UTF_8).length != 2) {
                throw new IllegalArgumentException("a short topic name has exactly 2 octets, \"" + name + "\" has "
                        + name.getBytes(StandardCharsets.UTF_8).length);
            }
        }

        /** The two octets as the 16-bit value carried in the TopicId field (first octet high). */
        public int asTopicId() {
            byte[] b = name.getBytes(StandardCharsets.UTF_8);
            return ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        }

        /**
         * The short name carried in a TopicId field, or {@code null} when the two octets are not
         * valid UTF-8.
         */
        public static Short fromTopicId(int topicId) {
            byte[] b = {(byte) (topicId >> 8), (byte) topicId};
            try {
                String s = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString();
                return new Short(s);
            } catch (java.nio.charset.CharacterCodingException | IllegalArgumentException e) {
                return null;
            }
        }
    }
}
