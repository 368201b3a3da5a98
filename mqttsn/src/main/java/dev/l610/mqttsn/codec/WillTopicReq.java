package dev.l610.mqttsn.codec;

/** WILLTOPICREQ (§5.4.6): the gateway asks for the will topic. */
public record WillTopicReq() implements MqttSnMessage {

    @Override
    public MsgType type() {
        return MsgType.WILLTOPICREQ;
    }
}
