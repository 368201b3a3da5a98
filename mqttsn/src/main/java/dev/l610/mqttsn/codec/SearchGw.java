package dev.l610.mqttsn.codec;

/** SEARCHGW (§5.4.2): a client looks for gateways within {@code radius} hops. */
public record SearchGw(int radius) implements MqttSnMessage {

    public SearchGw {
        Fields.u8(radius, "radius");
    }

    @Override
    public MsgType type() {
        return MsgType.SEARCHGW;
    }
}
