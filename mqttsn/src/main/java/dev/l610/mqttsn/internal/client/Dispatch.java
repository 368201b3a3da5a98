package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.client.ClientState;
import dev.l610.mqttsn.client.MqttSnConnectionLostException;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.PingResp;
import dev.l610.mqttsn.codec.PubRel;
import dev.l610.mqttsn.codec.Publish;
import dev.l610.mqttsn.codec.Register;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes each message from the gateway: its own requests, answers to ours, or unexpected (counted, dropped). */
final class Dispatch {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatch.class);

    private Dispatch() {
    }

    static void dispatch(ClientCore core, MqttSnMessage m) {
        boolean connected = core.canRunRequests();
        switch (m.type()) {
            case PUBLISH:
                if (connected) {
                    if (core.state() == ClientState.AWAKE) {
                        core.pipeline().progress();
                    }
                    core.inbound().onPublish((Publish) m);
                    return;
                }
                break;
            case PUBREL:
                if (connected) {
                    core.inbound().onPubRel((PubRel) m);
                    return;
                }
                break;
            case REGISTER:
                if (connected) {
                    if (core.state() == ClientState.AWAKE) {
                        core.pipeline().progress();
                    }
                    core.inbound().onRegister((Register) m);
                    return;
                }
                break;
            case PINGRESP:
                if (!core.pipeline().onMessage(m)) { // a wake-up's end (§6.14), else the keep-alive's answer
                    core.keepAlive().onPingResp();
                }
                return;
            case PINGREQ:
                if (connected) {
                    core.send(new PingResp()); // a gateway may probe the client too
                    return;
                }
                break;
            case DISCONNECT:
                if (!core.pipeline().onMessage(m) && core.state() != ClientState.DISCONNECTED) {
                    core.connectionLost(new MqttSnConnectionLostException("the gateway sent DISCONNECT"));
                }
                return;
            default:
                if (core.pipeline().onMessage(m)) {
                    return;
                }
        }
        core.stats().dropped.incrementAndGet();
        LOG.debug("{}: unexpected {} while {}", core.config().clientId(), m, core.state());
    }
}
