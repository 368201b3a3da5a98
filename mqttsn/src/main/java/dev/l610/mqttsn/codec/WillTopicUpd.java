package dev.l610.mqttsn.codec;

/** WILLTOPICUPD (§5.4.22). An empty {@code willTopic} deletes the will, as for {@link WillTopic}. */
public record WillTopicUpd(QoS qos, boolean retain, String willTopic) implements MqttSnMessage {

    public WillTopicUpd {
        Fields.notMinusOne(qos, "qos");
        Fields.notNull(willTopic, "willTopic");
    }

    public boolean isEmpty() {
        return willTopic.isEmpty();
    }

    @Override
    public MsgType type() {
        return MsgType.WILLTOPICUPD;
    }
}
