package dev.l610.mqttsn.codec;

/**
 * SUBSCRIBE (§5.4.15). For {@link TopicIdType#NORMAL} the topic is {@code topicName} (wildcards
 * allowed) and {@code topicId} is 0; for {@link TopicIdType#PREDEFINED} and {@link TopicIdType#SHORT}
 * the topic is {@code topicId} (a short name's two octets, as in {@link Publish}) and
 * {@code topicName} is empty.
 */
public record Subscribe(boolean dup, QoS qos, TopicIdType topicIdType, int msgId, String topicName, int topicId)
        implements MqttSnMessage {

    public Subscribe {
        Fields.notMinusOne(qos, "qos");
        Fields.notNull(topicIdType, "topicIdType");
        Fields.u16(msgId, "msgId");
        Fields.notNull(topicName, "topicName");
        Fields.u16(topicId, "topicId");
        TopicFields.check(topicIdType, topicName, topicId);
    }

    /** SUBSCRIBE to a topic name or filter. */
    public static Subscribe ofName(int msgId, QoS qos, String topicName) {
        return new Subscribe(false, qos, TopicIdType.NORMAL, msgId, topicName, 0);
    }

    /** SUBSCRIBE to a predefined topic id or a short topic name (as two octets). */
    public static Subscribe ofId(int msgId, QoS qos, TopicIdType type, int topicId) {
        return new Subscribe(false, qos, type, msgId, "", topicId);
    }

    /** The same message with the DUP flag set as given (a retransmission sets it, §5.3.4). */
    public Subscribe withDup(boolean newDup) {
        return newDup == dup ? this : new Subscribe(newDup, qos, topicIdType, msgId, topicName, topicId);
    }

    @Override
    public MsgType type() {
        return MsgType.SUBSCRIBE;
    }
}
