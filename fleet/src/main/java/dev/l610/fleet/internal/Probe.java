package dev.l610.fleet.internal;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A publisher on the broker that stamps a message to each connected device's first subscription every
 * period, spread over the period: {@code probe:<seq>:<nanoTime>}. The device measures backend to
 * {@code +MQTTMSG} latency with it (same process, same clock) and accounts for each by its sequence number.
 */
final class Probe implements AutoCloseable {

    private final Mqtt3AsyncClient client;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "l610-fleet-probe");
        t.setDaemon(true);
        return t;
    });
    private final List<Device> devices;
    private final long[] sent;
    private final String[] topics;
    private final MqttQos qos;

    Probe(InetSocketAddress broker, String clientId, List<Device> devices, int qos, Duration every) {
        this.client = Backend.client(broker, clientId);
        this.devices = devices;
        this.qos = MqttQos.fromCode(qos);
        this.sent = new long[devices.size()];
        this.topics = new String[devices.size()];
        long period = every.toNanos();
        for (int i = 0; i < devices.size(); i++) {
            topics[i] = devices.get(i).subscriptions.get(0).replace("+", "probe").replace("#", "probe");
            int d = i;
            long offset = period * i / devices.size();
            timer.scheduleAtFixedRate(() -> send(d), period + offset, period, TimeUnit.NANOSECONDS);
        }
    }

    private void send(int i) {
        Device d = devices.get(i);
        if (!d.online && !d.asleep) {
            return;
        }
        long s = sent[i]++;
        byte[] payload = ("probe:" + s + ":" + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
        client.publishWith().topic(topics[i]).qos(qos).payload(payload).send();
    }

    /** {seq, nanoTime} of a probe message, or null for another message. */
    static long[] parse(String text) {
        if (!text.startsWith("probe:")) {
            return null;
        }
        int c = text.indexOf(':', 6);
        try {
            return c < 0 ? null : new long[] {Long.parseLong(text.substring(6, c)), Long.parseLong(text.substring(c + 1))};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Stops stamping; returns messages sent per device. */
    long[] stop() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return sent.clone();
    }

    @Override
    public void close() {
        stop();
        Backend.disconnect(client);
    }
}
