package dev.l610.mqttsn.codec;

/**
 * REGISTER (§5.4.10). A client sends {@code topicId} 0 and asks for an id; a gateway sends the id it
 * assigned to a topic name (wildcard subscriptions, §6.10).
 */
public record Register(int topicId, int msgId, String topicName) implements MqttSnMessage {

    public Register {
        Fields.u16(topicId, "topicId");
        Fields.u16(msgId, "msgId");
        Fields.notEmpty(topicName, "topicName");
    }

    @Override
    public MsgType type() {
        return MsgType.REGISTER;
    }
}
