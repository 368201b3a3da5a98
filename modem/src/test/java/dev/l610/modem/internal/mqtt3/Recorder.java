package dev.l610.modem.internal.mqtt3;

import dev.l610.modem.mqtt.InboundMessage;
import dev.l610.modem.mqtt.MqttSession;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The events of one connection, for tests to wait on. */
public final class Recorder implements MqttSession.Events {

    public final BlockingQueue<InboundMessage> messages = new LinkedBlockingQueue<>();
    public final List<Throwable> lost = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(InboundMessage message) {
        messages.add(message);
    }

    @Override
    public void onLost(Throwable cause) {
        lost.add(cause);
    }

    public InboundMessage next() {
        try {
            InboundMessage m = messages.poll(60, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no message");
            }
            return m;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
