package dev.l610.mqttsn.codec;

/** REGACK (§5.4.11). */
public record RegAck(int topicId, int msgId, ReturnCode returnCode) implements MqttSnMessage {

    public RegAck {
        Fields.u16(topicId, "topicId");
        Fields.u16(msgId, "msgId");
        Fields.notNull(returnCode, "returnCode");
    }

    @Override
    public MsgType type() {
        return MsgType.REGACK;
    }
}
