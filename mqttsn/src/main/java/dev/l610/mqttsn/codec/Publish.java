package dev.l610.mqttsn.codec;

import java.util.Arrays;

/**
 * PUBLISH (§5.4.12). {@code topicId} holds a normal or predefined topic id, or for
 * {@link TopicIdType#SHORT} the two octets of the short topic name (first octet in the high byte).
 * {@code msgId} is only relevant for QoS 1 and 2 and is coded 0 otherwise.
 */
public record Publish(boolean dup, QoS qos, boolean retain, TopicIdType topicIdType, int topicId, int msgId,
                      byte[] data) implements MqttSnMessage {

    public Publish {
        Fields.notNull(qos, "qos");
        Fields.notNull(topicIdType, "topicIdType");
        Fields.u16(topicId, "topicId");
        Fields.u16(msgId, "msgId");
        Fields.notNull(data, "data");
    }

    /** The same message with the DUP flag set as given (a retransmission sets it, §5.3.4). */
    public Publish withDup(boolean newDup) {
        return newDup == dup ? this : new Publish(newDup, qos, retain, topicIdType, topicId, msgId, data);
    }

    @Override
    public MsgType type() {
        return MsgType.PUBLISH;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Publish p && p.dup == dup && p.qos == qos && p.retain == retain
                && p.topicIdType == topicIdType && p.topicId == topicId && p.msgId == msgId
                && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return ((topicId * 31 + msgId) * 31 + qos.hashCode()) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Publish[dup=" + dup + ", qos=" + qos.code() + ", retain=" + retain + ", topicIdType=" + topicIdType
                + ", topicId=" + topicId + ", msgId=" + msgId + ", data=" + data.length + " octets]";
    }
}
