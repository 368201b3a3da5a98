package dev.l610.mqttsn.internal.gateway;

import dev.l610.mqttsn.codec.ConnAck;
import dev.l610.mqttsn.codec.Connect;
import dev.l610.mqttsn.codec.Disconnect;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.codec.WillMsg;
import dev.l610.mqttsn.codec.WillMsgReq;
import dev.l610.mqttsn.codec.WillTopic;
import dev.l610.mqttsn.codec.WillTopicReq;
import dev.l610.mqttsn.internal.io.Loops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionException;

/**
 * One MQTT-SN client as the gateway sees it, from CONNECT to its end, with its own broker
 * connection. Runs on the gateway's event loop only.
 */
final class GatewaySession {

    private static final Logger LOG = LoggerFactory.getLogger(GatewaySession.class);

    private enum Phase { AWAIT_WILL_TOPIC, AWAIT_WILL_MSG, CONNECTING, ACTIVE, CLOSED }

    private final GatewayCore core;
    private final InetSocketAddress address;
    private final Connect connect;
    private final SessionTopics topics;
    private final Retransmitter retransmitter = new Retransmitter(this);
    private final FromClient fromClient = new FromClient(this);
    private final ToClient toClient = new ToClient(this);
    private Phase phase;
    private WillTopic willTopic;
    private BrokerLink broker;
    private final SessionKeepAlive keepAlive;
    private boolean connAckIsLastWord;
    private int lastMsgId;

    GatewaySession(GatewayCore core, InetSocketAddress address, Connect connect) {
        this.core = core;
        this.address = address;
        this.connect = connect;
        this.topics = new SessionTopics(core.config().maxTopicsPerSession());
        this.keepAlive = new SessionKeepAlive(this, connect.duration());
    }

    void start() {
        if (connect.will()) {
            phase = Phase.AWAIT_WILL_TOPIC;
            retransmitter.start(new WillTopicReq()); // §6.2
        } else {
            connectBroker(null);
        }
    }

    // ---- accessors for FromClient, ToClient, Retransmitter ----

    GatewayCore core() {
        return core;
    }

    InetSocketAddress address() {
        return address;
    }

    String clientId() {
        return connect.clientId();
    }

    SessionTopics topics() {
        return topics;
    }

    BrokerLink broker() {
        return broker;
    }

    Retransmitter retransmitter() {
        return retransmitter;
    }

    boolean isActive() {
        return phase == Phase.ACTIVE;
    }

    void send(MqttSnMessage m) {
        core.send(address, m);
    }

    int nextMsgId() {
        lastMsgId = lastMsgId == 0xFFFF ? 1 : lastMsgId + 1;
        return lastMsgId;
    }

    /** Runs {@code r} on the gateway's event loop unless the session has ended by then (for broker callbacks). */
    void onLoop(Runnable r) {
        Loops.execute(core.loop(), () -> {
            if (phase != Phase.CLOSED) {
                r.run();
            }
        });
    }

    void onRetriesExhausted(MqttSnMessage m, int attempts) {
        String why = "no answer to " + m.type() + " after " + attempts + " retransmission(s) (§6.13)";
        if (phase == Phase.ACTIVE) {
            core.stats().retriesExhausted.incrementAndGet();
            lost(why);
        } else {
            LOG.debug("{}: {}; connection attempt abandoned", clientId(), why);
            teardown();
        }
    }

    // ---- from the client ----

    /** A CONNECT from this session's address: {@code true} when this session answers it, {@code false} to replace it. */
    boolean onRepeatedConnect(Connect c) {
        keepAlive.heard();
        if (!c.equals(connect)) {
            return false;
        }
        switch (phase) {
            case AWAIT_WILL_TOPIC:
            case AWAIT_WILL_MSG:
                retransmitter.resend();
                return true;
            case CONNECTING:
                return true; // CONNACK follows when the broker answers
            case ACTIVE:
                if (connAckIsLastWord) {
                    send(new ConnAck(ReturnCode.ACCEPTED)); // our CONNACK was lost
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    void onMessage(MqttSnMessage m) {
        keepAlive.heard();
        if (m instanceof Disconnect) {
            send(new Disconnect()); // §6.12; a sleep duration (§6.14) is not supported: treated as a plain DISCONNECT
            end();
            return;
        }
        switch (phase) {
            case AWAIT_WILL_TOPIC:
                if (m instanceof WillTopic w) {
                    onWillTopic(w);
                    return;
                }
                break;
            case AWAIT_WILL_MSG:
                if (m instanceof WillMsg w) {
                    connectBroker(new BrokerLink.Will(willTopic.willTopic(), willTopic.qos().code(), willTopic.retain(), w.willMsg()));
                    return;
                }
                if (m instanceof WillTopic) {
                    retransmitter.resend(); // the client repeats itself: our WILLMSGREQ was lost
                    return;
                }
                break;
            case ACTIVE:
                connAckIsLastWord = false;
                if (ActiveRouter.route(this, fromClient, toClient, m)) {
                    return;
                }
                break;
            default:
                break;
        }
        core.unexpected(address, m, phase.name());
    }

    private void onWillTopic(WillTopic w) {
        if (w.isEmpty()) {
            connectBroker(null); // §5.4.7: an empty WILLTOPIC means no will
            return;
        }
        willTopic = w;
        phase = Phase.AWAIT_WILL_MSG;
        retransmitter.start(new WillMsgReq());
    }

    // ---- the broker side ----

    private void connectBroker(BrokerLink.Will will) {
        retransmitter.stop();
        phase = Phase.CONNECTING;
        try {
            broker = new BrokerLink(core.config(), clientId(), core.brokerCallbacks(), p -> onLoop(() -> toClient.offer(p)),
                    cause -> onLoop(() -> brokerLost(cause)));
            broker.connect(connect.cleanSession(), connect.duration(), will)
                    .whenComplete((ack, e) -> Loops.execute(core.loop(), () -> onBrokerConnAck(e)));
        } catch (RuntimeException e) {
            LOG.debug("{}: broker connection refused locally: {}", clientId(), e.toString());
            refuse(ReturnCode.REJECTED_NOT_SUPPORTED);
        }
    }

    private void onBrokerConnAck(Throwable e) {
        if (phase != Phase.CONNECTING) {
            if (e == null) {
                broker.disconnect(); // the session ended while the broker was still connecting
            }
            return;
        }
        if (e != null) {
            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.debug("{}: broker refused the connection: {}", clientId(), c.toString());
            refuse(BrokerLink.refusalCode(c));
            return;
        }
        phase = Phase.ACTIVE;
        core.stats().sessionsOpened.incrementAndGet();
        send(new ConnAck(ReturnCode.ACCEPTED));
        connAckIsLastWord = true;
        keepAlive.start();
        toClient.pump();
    }

    private void refuse(ReturnCode rc) {
        send(new ConnAck(rc));
        if (broker != null) {
            broker.disconnect();
        }
        teardown();
    }

    private void brokerLost(Throwable cause) {
        if (phase != Phase.ACTIVE) {
            return;
        }
        LOG.debug("{}: broker connection lost: {}", clientId(), String.valueOf(cause));
        core.stats().sessionsLost.incrementAndGet();
        send(new Disconnect()); // the client must connect again
        teardown();
    }

    // ---- keep-alive supervision and the end ----

    /** The client went silent: drop the broker connection without DISCONNECT so the broker publishes the will. */
    void lost(String why) {
        LOG.debug("{}: session lost: {}", clientId(), why);
        core.stats().sessionsLost.incrementAndGet();
        broker.drop();
        send(new Disconnect()); // in case the client comes back: it must connect again
        teardown();
    }

    /** Ends the session gracefully: MQTT DISCONNECT, so the broker discards the will. */
    void end() {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (broker != null) {
            broker.disconnect();
        }
        teardown();
    }

    private void teardown() {
        phase = Phase.CLOSED;
        retransmitter.stop();
        keepAlive.stop();
        toClient.close();
        core.remove(this);
    }
}
