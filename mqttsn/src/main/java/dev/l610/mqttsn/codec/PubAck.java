package dev.l610.mqttsn.codec;

/** PUBACK (§5.4.13): acknowledges a QoS 1 PUBLISH, or rejects any PUBLISH with a return code. */
public record PubAck(int topicId, int msgId, ReturnCode returnCode) implements MqttSnMessage {

    public PubAck {
        Fields.u16(topicId, "topicId");
        Fields.u16(msgId, "msgId");
        Fields.notNull(returnCode, "returnCode");
    }

    @Override
    public MsgType type() {
        return MsgType.PUBACK;
    }
}
