package dev.l610.mqttsn.internal.gateway;

import dev.l610.mqttsn.codec.ConnAck;
import dev.l610.mqttsn.codec.Connect;
import dev.l610.mqttsn.codec.Disconnect;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.PingReq;
import dev.l610.mqttsn.codec.PingResp;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.codec.WillMsg;
import dev.l610.mqttsn.codec.WillMsgReq;
import dev.l610.mqttsn.codec.WillMsgResp;
import dev.l610.mqttsn.codec.WillMsgUpd;
import dev.l610.mqttsn.codec.WillTopic;
import dev.l610.mqttsn.codec.WillTopicReq;
import dev.l610.mqttsn.codec.WillTopicResp;
import dev.l610.mqttsn.codec.WillTopicUpd;
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

    /** ASLEEP and AWAKE: §6.14, after DISCONNECT with a duration; AWAKE from PINGREQ until PINGRESP. */
    private enum Phase { AWAIT_WILL_TOPIC, AWAIT_WILL_MSG, CONNECTING, ACTIVE, ASLEEP, AWAKE, CLOSED }

    private final GatewayCore core;
    private InetSocketAddress address;
    private Connect connect;
    private final SessionTopics topics;
    private final Retransmitter retransmitter = new Retransmitter(this);
    private final FromClient fromClient = new FromClient(this);
    private final ToClient toClient = new ToClient(this);
    private Phase phase;
    private WillTopic willTopic;
    /** The will as it stands now: from CONNECT, then as updated (§6.4); {@code null} for none. */
    private BrokerLink.Will will;
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
        GatewayCore.SessionMemory m = core.recall(clientId(), connect.cleanSession());
        if (m != null) {
            lastMsgId = m.lastMsgId(); // MsgIds go on: the client may still hold QoS 2 ids of the last session
            toClient.resumeRelease(m.pendingRelease());
            fromClient.resumeReceived(m.received()); // its DUP PUBLISH of those is answered PUBREC, not forwarded again
            toClient.expectAgain(m.inFlight()); // the broker's copy of it goes with DUP and the old MsgId
        }
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

    /** Connected and awake: messages flow both ways (also while AWAKE, §6.14). */
    boolean isActive() {
        return phase == Phase.ACTIVE || phase == Phase.AWAKE;
    }

    boolean isAsleep() {
        return phase == Phase.ASLEEP;
    }

    /** Woken by PINGREQ and not yet answered with PINGRESP (§6.14). */
    boolean isAwakeFromSleep() {
        return phase == Phase.AWAKE;
    }

    /** Connected, awake or asleep: the keep-alive supervises it. */
    boolean isConnected() {
        return phase == Phase.ACTIVE || phase == Phase.AWAKE || phase == Phase.ASLEEP;
    }

    /** The client was heard from {@code from} (a PINGREQ or CONNECT with its id from a new address). */
    void moveTo(InetSocketAddress from) {
        address = from;
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
        if (isConnected()) {
            core.stats().retriesExhausted.incrementAndGet();
            lost(why);
        } else if (broker != null && phase != Phase.CONNECTING) {
            lost(why); // a resumed session's will exchange: its broker connection ends as for a lost client
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
        if (m instanceof Disconnect d) {
            send(new Disconnect()); // §6.12; §6.14: also the answer to a DISCONNECT with a sleep duration
            if (d.duration().isPresent() && d.duration().getAsInt() > 0 && isConnected()) {
                sleep(d.duration().getAsInt());
            } else {
                end();
            }
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
                    will = new BrokerLink.Will(willTopic.willTopic(), willTopic.qos().code(), willTopic.retain(), w.willMsg());
                    connectBroker(will);
                    return;
                }
                if (m instanceof WillTopic) {
                    retransmitter.resend(); // the client repeats itself: our WILLMSGREQ was lost
                    return;
                }
                break;
            case ACTIVE:
            case AWAKE:
            case ASLEEP: // a sleeping client may publish without waking up first; nothing is delivered to it
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

    // ---- sleeping clients (§6.14) ----

    private void sleep(int seconds) {
        core.stats().sleeps.incrementAndGet();
        retransmitter.stop();
        toClient.suspend(); // an exchange in flight is taken up again when the client wakes
        phase = Phase.ASLEEP;
        keepAlive.restart(seconds); // lost after 1.5 x the sleep duration without a word
    }

    /** PINGREQ: answered at once when awake; from a sleeping client it delivers what waits, then PINGRESP. */
    void onPingReq(PingReq p) {
        if (phase == Phase.AWAKE) {
            return; // a repeated wake-up: PINGRESP follows the buffered messages
        }
        if (phase != Phase.ASLEEP) {
            send(new PingResp());
            return;
        }
        core.stats().wakeups.incrementAndGet();
        phase = Phase.AWAKE;
        resumeDelivery();
    }

    /** Connected with clean session 0: a new clean-session-0 CONNECT of the same client id continues it ({@link #resume}). */
    boolean isResumable() {
        return isConnected() && !connect.cleanSession();
    }

    /**
     * The client connects again with clean session 0 (it broke, e.g. a radio flap, and reconnects, often from
     * a new address) before this session was found lost: the session goes on with its broker connection, the
     * same HiveMQ client and its MQTT session. So the broker sends nothing again (its unacknowledged messages
     * stay where they are, here), a QoS 2 message in flight to the client goes again as PUBLISH with DUP and
     * its MsgId (or PUBREL), and the QoS 2 MsgIds the client gave us stay known (its DUP PUBLISH is answered
     * PUBREC, not forwarded twice; its PUBREL completes). The client's topic ids are per connection: it learns
     * them again (REGISTER, SUBACK, or ours before a PUBLISH). The will is the new CONNECT's.
     */
    void resume(Connect c) {
        LOG.debug("{}: clean-session-0 session resumed from {}", clientId(), address);
        core.stats().sessionsResumed.incrementAndGet();
        connect = c;
        retransmitter.stop();
        toClient.reconnected();
        topics.forgetKnown();
        keepAlive.restart(c.duration());
        will = null;
        if (c.will()) {
            phase = Phase.AWAIT_WILL_TOPIC;
            retransmitter.start(new WillTopicReq());
        } else {
            connectBroker(null);
        }
    }

    /** CONNECT from a sleeping client (§6.14): active again, with its buffered messages. */
    void wake(Connect c) {
        connect = c;
        phase = Phase.ACTIVE;
        keepAlive.restart(c.duration());
        send(new ConnAck(ReturnCode.ACCEPTED));
        connAckIsLastWord = true;
        resumeDelivery();
    }

    private void resumeDelivery() {
        toClient.resume();
        if (phase == Phase.AWAKE && toClient.isIdle()) {
            backToSleep();
        }
    }

    /** ToClient has nothing more for an awake client, or the client cannot take more now: PINGRESP, asleep again. */
    void deliveryIdle() {
        if (phase == Phase.AWAKE) {
            backToSleep();
        }
    }

    private void backToSleep() {
        retransmitter.stop();
        toClient.suspend();
        phase = Phase.ASLEEP;
        send(new PingResp());
        keepAlive.heard();
    }

    // ---- will updates (§6.4) ----

    void onWillTopicUpd(WillTopicUpd u) {
        if (u.isEmpty()) {
            will = null; // §5.4.22: an empty WILLTOPICUPD deletes the will
        } else if (u.willTopic().indexOf('+') >= 0 || u.willTopic().indexOf('#') >= 0 || u.willTopic().indexOf('\0') >= 0) {
            send(new WillTopicResp(ReturnCode.REJECTED_NOT_SUPPORTED)); // a will goes to a topic name, not a filter
            return;
        } else {
            byte[] msg = will == null ? new byte[0] : will.payload();
            will = new BrokerLink.Will(u.willTopic(), u.qos().code(), u.retain(), msg);
        }
        broker.updateWill(will);
        core.stats().willUpdates.incrementAndGet();
        send(new WillTopicResp(ReturnCode.ACCEPTED));
    }

    void onWillMsgUpd(WillMsgUpd u) {
        if (will == null) {
            send(new WillMsgResp(ReturnCode.REJECTED_NOT_SUPPORTED)); // no will topic to go with it: WILLTOPICUPD first
            return;
        }
        will = new BrokerLink.Will(will.topic(), will.qos(), will.retain(), u.willMsg());
        broker.updateWill(will);
        core.stats().willUpdates.incrementAndGet();
        send(new WillMsgResp(ReturnCode.ACCEPTED));
    }

    // ---- the broker side ----

    private void connectBroker(BrokerLink.Will will) {
        retransmitter.stop();
        if (broker != null) { // resumed: the broker connection goes on, with the will of the new CONNECT
            this.will = will;
            broker.updateWill(will);
            activate();
            return;
        }
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
        core.stats().sessionsOpened.incrementAndGet();
        activate();
    }

    private void activate() {
        phase = Phase.ACTIVE;
        send(new ConnAck(ReturnCode.ACCEPTED));
        connAckIsLastWord = true;
        keepAlive.start();
        toClient.resume(); // what was in flight before a resume goes first, then the queue
    }

    private void refuse(ReturnCode rc) {
        send(new ConnAck(rc));
        if (broker != null) {
            broker.disconnect();
        }
        teardown();
    }

    private void brokerLost(Throwable cause) {
        if (!isConnected()) {
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
        if (phase != Phase.CLOSED) {
            core.remember(clientId(), connect.cleanSession(), new GatewayCore.SessionMemory(lastMsgId, toClient.pendingRelease(), fromClient.received(),
                    toClient.inFlightPublish()));
        }
        phase = Phase.CLOSED;
        retransmitter.stop();
        keepAlive.stop();
        toClient.close();
        core.remove(this);
    }
}
