package dev.l610.mqttsn.codec;

/** PUBREC (§5.4.14). */
public record PubRec(int msgId) implements MqttSnMessage {

    public PubRec {
        Fields.u16(msgId, "msgId");
    }

    @Override
    public MsgType type() {
        return MsgType.PUBREC;
    }
}
