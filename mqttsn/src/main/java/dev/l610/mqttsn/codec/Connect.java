package dev.l610.mqttsn.codec;

/**
 * CONNECT (§5.4.4). ProtocolId is always 0x01 (§5.3.8) and not a field here. {@code duration} is the
 * keep-alive period in seconds (0 = none).
 */
public record Connect(boolean will, boolean cleanSession, int duration, String clientId) implements MqttSnMessage {

    /** The only ProtocolId defined by MQTT-SN 1.2 (§5.3.8). */
    public static final int PROTOCOL_ID = 0x01;

    public Connect {
        Fields.u16(duration, "duration");
        Fields.notNull(clientId, "clientId");
    }

    @Override
    public MsgType type() {
        return MsgType.CONNECT;
    }
}
