package dev.l610.mqttsn.codec;

/** WILLMSGREQ (§5.4.8): the gateway asks for the will message. */
public record WillMsgReq() implements MqttSnMessage {

    @Override
    public MsgType type() {
        return MsgType.WILLMSGREQ;
    }
}
