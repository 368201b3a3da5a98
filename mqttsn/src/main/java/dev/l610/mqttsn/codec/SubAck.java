package dev.l610.mqttsn.codec;

/**
 * SUBACK (§5.4.16). {@code topicId} is the id the gateway will use in PUBLISH for a subscription
 * to a name without wildcards; 0 for wildcard filters and short topic names.
 */
public record SubAck(QoS qos, int topicId, int msgId, ReturnCode returnCode) implements MqttSnMessage {

    public SubAck {
        Fields.notMinusOne(qos, "qos");
        Fields.u16(topicId, "topicId");
        Fields.u16(msgId, "msgId");
        Fields.notNull(returnCode, "returnCode");
    }

    @Override
    public MsgType type() {
        return MsgType.SUBACK;
    }
}
