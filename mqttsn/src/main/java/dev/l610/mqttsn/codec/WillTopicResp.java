package dev.l610.mqttsn.codec;

/** WILLTOPICRESP (§5.4.24). */
public record WillTopicResp(ReturnCode returnCode) implements MqttSnMessage {

    public WillTopicResp {
        Fields.notNull(returnCode, "returnCode");
    }

    @Override
    public MsgType type() {
        return MsgType.WILLTOPICRESP;
    }
}
