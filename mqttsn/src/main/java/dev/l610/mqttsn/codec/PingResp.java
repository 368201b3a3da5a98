package dev.l610.mqttsn.codec;

/** PINGRESP (§5.4.20). */
public record PingResp() implements MqttSnMessage {

    @Override
    public MsgType type() {
        return MsgType.PINGRESP;
    }
}
