package dev.l610.mqttsn.codec;

/** PUBCOMP (§5.4.14). */
public record PubComp(int msgId) implements MqttSnMessage {

    public PubComp {
        Fields.u16(msgId, "msgId");
    }

    @Override
    public MsgType type() {
        return MsgType.PUBCOMP;
    }
}
