package dev.l610.mqttsn.internal.gateway;

import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.PubAck;
import dev.l610.mqttsn.codec.PubComp;
import dev.l610.mqttsn.codec.PubRec;
import dev.l610.mqttsn.codec.PubRel;
import dev.l610.mqttsn.codec.Publish;
import dev.l610.mqttsn.codec.RegAck;
import dev.l610.mqttsn.codec.Register;
import dev.l610.mqttsn.codec.Subscribe;
import dev.l610.mqttsn.codec.Unsubscribe;
import dev.l610.mqttsn.codec.WillMsgUpd;
import dev.l610.mqttsn.codec.WillTopicUpd;

/** Routes a message from a connected client: its requests to {@link FromClient}, its answers to {@link ToClient}. */
final class ActiveRouter {

    private ActiveRouter() {
    }

    static boolean route(GatewaySession s, FromClient fromClient, ToClient toClient, MqttSnMessage m) {
        switch (m.type()) {
            case REGISTER: fromClient.onRegister((Register) m); return true;
            case PUBLISH: fromClient.onPublish((Publish) m); return true;
            case PUBREL: fromClient.onPubRel((PubRel) m); return true;
            case SUBSCRIBE: fromClient.onSubscribe((Subscribe) m); return true;
            case UNSUBSCRIBE: fromClient.onUnsubscribe((Unsubscribe) m); return true;
            case REGACK: toClient.onRegAck((RegAck) m); return true;
            case PUBACK: toClient.onPubAck((PubAck) m); return true;
            case PUBREC: toClient.onPubRec((PubRec) m); return true;
            case PUBCOMP: toClient.onPubComp((PubComp) m); return true;
            case PINGREQ: s.onPingReq((dev.l610.mqttsn.codec.PingReq) m); return true;
            case WILLTOPICUPD: s.onWillTopicUpd((WillTopicUpd) m); return true;
            case WILLMSGUPD: s.onWillMsgUpd((WillMsgUpd) m); return true;
            default: return false;
        }
    }
}
