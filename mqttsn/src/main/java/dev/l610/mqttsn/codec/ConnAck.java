package dev.l610.mqttsn.codec;

/** CONNACK (§5.4.5). */
public record ConnAck(ReturnCode returnCode) implements MqttSnMessage {

    public ConnAck {
        Fields.notNull(returnCode, "returnCode");
    }

    @Override
    public MsgType type() {
        return MsgType.CONNACK;
    }
}
