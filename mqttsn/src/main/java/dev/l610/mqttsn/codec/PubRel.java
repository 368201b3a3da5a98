package dev.l610.mqttsn.codec;

/** PUBREL (§5.4.14). */
public record PubRel(int msgId) implements MqttSnMessage {

    public PubRel {
        Fields.u16(msgId, "msgId");
    }

    @Override
    public MsgType type() {
        return MsgType.PUBREL;
    }
}
