package dev.l610.mqttsn.codec;

/**
 * WILLTOPIC (§5.4.7). An empty {@code willTopic} is the "empty WILLTOPIC" (two octets, no Flags):
 * the client deletes its will; {@code qos} and {@code retain} are then not encoded.
 */
public record WillTopic(QoS qos, boolean retain, String willTopic) implements MqttSnMessage {

    public WillTopic {
        Fields.notMinusOne(qos, "qos");
        Fields.notNull(willTopic, "willTopic");
    }

    /** The empty WILLTOPIC. */
    public static WillTopic empty() {
        return new WillTopic(QoS.AT_MOST_ONCE, false, "");
    }

    public boolean isEmpty() {
        return willTopic.isEmpty();
    }

    @Override
    public MsgType type() {
        return MsgType.WILLTOPIC;
    }
}
