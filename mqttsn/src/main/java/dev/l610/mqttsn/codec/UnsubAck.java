package dev.l610.mqttsn.codec;

/** UNSUBACK (§5.4.18). */
public record UnsubAck(int msgId) implements MqttSnMessage {

    public UnsubAck {
        Fields.u16(msgId, "msgId");
    }

    @Override
    public MsgType type() {
        return MsgType.UNSUBACK;
    }
}
