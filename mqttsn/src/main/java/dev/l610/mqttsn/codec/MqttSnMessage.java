package dev.l610.mqttsn.codec;

/**
 * One MQTT-SN 1.2 message (§5.4). Every message type is a record in this package;
 * {@link MqttSnCodec} turns them into datagrams and back.
 *
 * <p>Records that carry bytes (payloads, will messages, gateway addresses) do not copy the array they
 * are given and return that same array: treat it as immutable. Their {@code equals} compares contents.
 */
public sealed interface MqttSnMessage
        permits Advertise, SearchGw, GwInfo, Connect, ConnAck, WillTopicReq, WillTopic, WillMsgReq, WillMsg,
        Register, RegAck, Publish, PubAck, PubRec, PubRel, PubComp, Subscribe, SubAck, Unsubscribe, UnsubAck,
        PingReq, PingResp, Disconnect, WillTopicUpd, WillTopicResp, WillMsgUpd, WillMsgResp {

    MsgType type();
}
