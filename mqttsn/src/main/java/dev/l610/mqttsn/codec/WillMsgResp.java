package dev.l610.mqttsn.codec;

/** WILLMSGRESP (§5.4.25). */
public record WillMsgResp(ReturnCode returnCode) implements MqttSnMessage {

    public WillMsgResp {
        Fields.notNull(returnCode, "returnCode");
    }

    @Override
    public MsgType type() {
        return MsgType.WILLMSGRESP;
    }
}
