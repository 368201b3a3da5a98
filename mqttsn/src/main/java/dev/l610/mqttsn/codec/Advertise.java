package dev.l610.mqttsn.codec;

/** ADVERTISE (§5.4.1): a gateway announces itself; the next one follows within {@code duration} seconds. */
public record Advertise(int gwId, int duration) implements MqttSnMessage {

    public Advertise {
        Fields.u8(gwId, "gwId");
        Fields.u16(duration, "duration");
    }

    @Override
    public MsgType type() {
        return MsgType.ADVERTISE;
    }
}
