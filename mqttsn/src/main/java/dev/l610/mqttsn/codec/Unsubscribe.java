package dev.l610.mqttsn.codec;

/** UNSUBSCRIBE (§5.4.17); the topic fields follow the rules of {@link Subscribe}. */
public record Unsubscribe(TopicIdType topicIdType, int msgId, String topicName, int topicId)
        implements MqttSnMessage {

    public Unsubscribe {
        Fields.notNull(topicIdType, "topicIdType");
        Fields.u16(msgId, "msgId");
        Fields.notNull(topicName, "topicName");
        Fields.u16(topicId, "topicId");
        TopicFields.check(topicIdType, topicName, topicId);
    }

    public static Unsubscribe ofName(int msgId, String topicName) {
        return new Unsubscribe(TopicIdType.NORMAL, msgId, topicName, 0);
    }

    public static Unsubscribe ofId(int msgId, TopicIdType type, int topicId) {
        return new Unsubscribe(type, msgId, "", topicId);
    }

    @Override
    public MsgType type() {
        return MsgType.UNSUBSCRIBE;
    }
}
