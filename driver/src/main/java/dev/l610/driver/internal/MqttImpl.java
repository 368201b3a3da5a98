package dev.l610.driver.internal;

import dev.l610.driver.Mqtt;
import dev.l610.driver.MqttBreak;
import dev.l610.driver.MqttClient;
import dev.l610.driver.MqttConfMode;
import dev.l610.driver.MqttMessage;
import dev.l610.driver.MqttMessageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The MQTT side: four clients, their outcome tracker, and the message/break URCs turned into records. */
public final class MqttImpl implements Mqtt, UrcHook {

    private static final Logger LOG = LoggerFactory.getLogger(MqttImpl.class);

    private final CommandChannel channel;
    private final Map<Integer, MqttClientImpl> clients = new TreeMap<>();
    private final List<Consumer<MqttMessage>> messageListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<MqttMessageInfo>> infoListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<MqttBreak>> breakListeners = new CopyOnWriteArrayList<>();
    private volatile boolean autoRead = true;

    public MqttImpl(CommandChannel channel) {
        this.channel = channel;
        MqttOutcomes outcomes = new MqttOutcomes(channel.executors());
        channel.addHook(outcomes);
        channel.addHook(this);
        for (int id : CLIENT_IDS) {
            clients.put(id, new MqttClientImpl(id, channel, outcomes));
        }
    }

    @Override
    public MqttClient client(int clientId) {
        MqttClientImpl c = clients.get(clientId);
        if (c == null) {
            throw new IllegalArgumentException("client id is 1, 2, 101 or 102, was " + clientId);
        }
        return c;
    }

    @Override
    public CompletableFuture<Void> conf(MqttConfMode mode) {
        Objects.requireNonNull(mode, "mode");
        return Futures.map(channel.send("AT+MQTTCONF=" + mode.code()), r -> null);
    }

    @Override
    public void autoRead(boolean on) {
        autoRead = on;
    }

    @Override
    public void onUrc(String line) {
        MqttMessage m = MqttLines.message(line);
        if (m != null) {
            dispatch(messageListeners, m);
            return;
        }
        MqttMessageInfo info = MqttLines.messageInfo(line);
        if (info != null) {
            dispatch(infoListeners, info);
            MqttClientImpl c = clients.get(info.clientId());
            if (autoRead && c != null) {
                c.read().whenComplete((msg, e) -> {
                    if (e != null) {
                        LOG.warn("auto-read after '{}' failed: {}", line, e.getMessage());
                    } else {
                        msg.ifPresent(x -> dispatch(messageListeners, x));
                    }
                });
            }
            return;
        }
        MqttBreak b = MqttLines.breakLine(line);
        if (b != null) {
            dispatch(breakListeners, b);
        }
    }

    private <T> void dispatch(List<Consumer<T>> listeners, T value) {
        for (Consumer<T> l : listeners) {
            channel.executors().event(() -> {
                try {
                    l.accept(value);
                } catch (RuntimeException e) {
                    LOG.warn("MQTT listener failed on {}", value, e);
                }
            });
        }
    }

    @Override
    public void addMessageListener(Consumer<MqttMessage> listener) {
        messageListeners.add(Objects.requireNonNull(listener));
    }

    @Override
    public void removeMessageListener(Consumer<MqttMessage> listener) {
        messageListeners.remove(listener);
    }

    @Override
    public void addMessageInfoListener(Consumer<MqttMessageInfo> listener) {
        infoListeners.add(Objects.requireNonNull(listener));
    }

    @Override
    public void removeMessageInfoListener(Consumer<MqttMessageInfo> listener) {
        infoListeners.remove(listener);
    }

    @Override
    public void addBreakListener(Consumer<MqttBreak> listener) {
        breakListeners.add(Objects.requireNonNull(listener));
    }

    @Override
    public void removeBreakListener(Consumer<MqttBreak> listener) {
        breakListeners.remove(listener);
    }
}
