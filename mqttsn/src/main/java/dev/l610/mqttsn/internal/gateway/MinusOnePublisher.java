package dev.l610.mqttsn.internal.gateway;

import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.codec.Publish;
import dev.l610.mqttsn.codec.TopicIdType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * QoS -1 (§6.8): PUBLISH from a client without a connection, by predefined topic id or short topic
 * name, forwarded as QoS 0 over one broker connection the gateway keeps for all such clients. The
 * connection is opened on the first such message and again after it broke; while it connects, up to
 * {@code maxQueuedPerSession} messages wait (in order), more are dropped and counted. Runs on the
 * gateway's event loop only.
 */
final class MinusOnePublisher {

    private static final Logger LOG = LoggerFactory.getLogger(MinusOnePublisher.class);

    private record Pending(String topic, boolean retain, byte[] data) {
    }

    private final GatewayCore core;
    private final String clientId = "mqttsn-gw-qos-1-" + UUID.randomUUID().toString().substring(0, 8);
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private BrokerLink link;
    private boolean connected;
    private boolean closed;

    MinusOnePublisher(GatewayCore core) {
        this.core = core;
    }

    /** The topic name of a QoS -1 PUBLISH, or {@code null} when §6.8 does not allow its topic id type. */
    String resolve(Publish p) {
        if (p.topicIdType() == TopicIdType.PREDEFINED) {
            return core.config().predefined().name(p.topicId());
        }
        if (p.topicIdType() == TopicIdType.SHORT) {
            Topic.Short t = Topic.Short.fromTopicId(p.topicId());
            return t == null ? null : t.name();
        }
        return null; // a normal topic id exists only inside a connection
    }

    void publish(Publish p) {
        String topic = resolve(p);
        if (topic == null || closed) {
            drop("topic " + p.topicIdType() + " " + p.topicId() + " cannot be resolved without a connection");
            return;
        }
        Pending m = new Pending(topic, p.retain(), p.data());
        if (connected) {
            send(m);
            return;
        }
        if (pending.size() >= core.config().maxQueuedPerSession()) {
            drop("broker connection not ready and " + pending.size() + " messages waiting");
            return;
        }
        pending.add(m);
        if (link == null) {
            connect();
        }
    }

    private void connect() {
        BrokerLink l;
        try {
            l = new BrokerLink(core.config(), clientId, core.brokerCallbacks(), msg -> { }, cause -> onLoop(() -> onLost(cause)));
        } catch (RuntimeException e) {
            failPending(e);
            return;
        }
        link = l;
        l.connect(true, 60, null).whenComplete((ack, e) -> onLoop(() -> onConnAck(l, e)));
    }

    private void onConnAck(BrokerLink l, Throwable e) {
        if (l != link) {
            return;
        }
        if (closed) {
            if (e == null) {
                l.disconnect();
            }
            return;
        }
        if (e != null) {
            link = null;
            failPending(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            return;
        }
        connected = true;
        for (Pending m; (m = pending.poll()) != null; ) {
            send(m);
        }
    }

    private void send(Pending m) {
        try {
            link.publish(m.topic(), 0, m.retain(), m.data());
            core.stats().minusOnePublishes.incrementAndGet();
            core.stats().toBroker.incrementAndGet();
        } catch (RuntimeException e) {
            drop("broker refused topic " + m.topic() + ": " + e.getMessage());
        }
    }

    private void onLost(Throwable cause) {
        LOG.debug("QoS -1 broker connection lost: {}", String.valueOf(cause));
        link = null;
        connected = false; // the next QoS -1 message connects again
    }

    private void failPending(Throwable cause) {
        LOG.debug("QoS -1 broker connection failed: {}", cause.toString());
        for (int n = pending.size(); n > 0; n--) {
            drop("broker connection failed");
        }
        pending.clear();
    }

    private void drop(String why) {
        core.stats().minusOneDropped.incrementAndGet();
        core.stats().dropped.incrementAndGet();
        LOG.debug("QoS -1 PUBLISH dropped: {}", why);
    }

    private void onLoop(Runnable r) {
        dev.l610.mqttsn.internal.io.Loops.execute(core.loop(), r);
    }

    void close() {
        closed = true;
        pending.clear();
        if (link != null) {
            link.disconnect();
            link = null;
        }
        connected = false;
    }
}
