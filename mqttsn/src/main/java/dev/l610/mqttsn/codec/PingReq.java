package dev.l610.mqttsn.codec;

/**
 * PINGREQ (§5.4.19). {@code clientId} is empty when absent; a sleeping client sends its id to wake
 * up (§6.14).
 */
public record PingReq(String clientId) implements MqttSnMessage {

    public PingReq {
        Fields.notNull(clientId, "clientId");
    }

    /** PINGREQ without a client id. */
    public PingReq() {
        this("");
    }

    @Override
    public MsgType type() {
        return MsgType.PINGREQ;
    }
}
