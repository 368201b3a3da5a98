package dev.l610.mqttsn.client;

import dev.l610.mqttsn.Topic;

import java.util.Arrays;
import java.util.Objects;

/**
 * A message the gateway published to the client.
 *
 * @param topic   {@link Topic.Named} when the gateway used a normal topic id (resolved through the
 *                REGISTER or SUBACK that introduced it), {@link Topic.Predefined} or {@link Topic.Short}
 * @param qos     0, 1 or 2 (-1 if a gateway ever sent that)
 * @param payload the bytes as received; not copied, treat as immutable
 */
public record IncomingMessage(Topic topic, int qos, boolean retain, boolean dup, byte[] payload) {

    public IncomingMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IncomingMessage m && m.topic.equals(topic) && m.qos == qos && m.retain == retain
                && m.dup == dup && Arrays.equals(m.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, qos, retain, dup) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "IncomingMessage[" + topic + ", qos=" + qos + ", retain=" + retain + ", dup=" + dup + ", "
                + payload.length + " octets]";
    }
}
