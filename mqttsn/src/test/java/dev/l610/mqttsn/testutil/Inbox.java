package dev.l610.mqttsn.testutil;

import dev.l610.mqttsn.client.IncomingMessage;
import dev.l610.mqttsn.client.MqttSnClientListener;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A client listener that records messages and the connection loss; it can refuse messages on demand. */
public final class Inbox implements MqttSnClientListener {

    private final BlockingQueue<IncomingMessage> queue = new LinkedBlockingQueue<>();
    private final List<IncomingMessage> accepted = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Throwable> lost = new CompletableFuture<>();
    private final AtomicInteger lostCalls = new AtomicInteger();
    private volatile Predicate<IncomingMessage> accept = m -> true;

    public Inbox refuseWhile(Predicate<IncomingMessage> refuse) {
        this.accept = refuse.negate();
        return this;
    }

    @Override
    public boolean onMessage(IncomingMessage message) {
        if (!accept.test(message)) {
            return false;
        }
        accepted.add(message);
        queue.add(message);
        return true;
    }

    @Override
    public void onConnectionLost(Throwable cause) {
        lostCalls.incrementAndGet();
        lost.complete(cause);
    }

    public IncomingMessage next(long timeoutMillis) {
        try {
            IncomingMessage m = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("no MQTT-SN message within " + timeoutMillis + " ms");
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public List<IncomingMessage> accepted() {
        return accepted;
    }

    public CompletableFuture<Throwable> lost() {
        return lost;
    }

    public int lostCalls() {
        return lostCalls.get();
    }
}
