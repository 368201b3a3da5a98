package dev.l610.fleet.internal;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The backend's side of the accounting: one MQTT client on the broker subscribed to the devices'
 * publish topics, counting per device what arrives by sequence number (distinct, duplicates, out of order).
 * Topics of devices of other shards are ignored.
 */
final class Checker implements AutoCloseable {

    /** What one device's messages looked like at the broker. */
    record Counts(long received, long duplicates, long outOfOrder, BitSet seen) {
    }

    private final Mqtt3AsyncClient client;
    private final Map<String, Integer> topics = new HashMap<>();
    private final Template payload;
    private final BitSet[] seen;
    private final long[] max;
    private final long[] received;
    private final long[] duplicates;
    private final long[] outOfOrder;
    private long foreign;

    Checker(InetSocketAddress broker, String clientId, Template topic, Template payload, List<Device> devices, int qos) {
        this.payload = payload;
        int n = devices.size();
        seen = new BitSet[n];
        max = new long[n];
        received = new long[n];
        duplicates = new long[n];
        outOfOrder = new long[n];
        for (int i = 0; i < n; i++) {
            seen[i] = new BitSet();
            max[i] = -1;
            topics.put(devices.get(i).topicUp, i);
        }
        client = Backend.client(broker, clientId);
        client.publishes(MqttGlobalPublishFilter.SUBSCRIBED, this::onPublish);
        client.subscribeWith().topicFilter(filter(topic.toString())).qos(MqttQos.fromCode(qos)).send().orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** The topic template as a filter: each level with a placeholder becomes {@code +}. */
    static String filter(String template) {
        String[] levels = template.split("/", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < levels.length; i++) {
            if (i > 0) {
                b.append('/');
            }
            b.append(levels[i].contains("{") ? "+" : levels[i]);
        }
        return b.toString();
    }

    private synchronized void onPublish(Mqtt3Publish p) {
        Integer i = topics.get(p.getTopic().toString());
        if (i == null) {
            foreign++;
            return;
        }
        long s = payload.seq(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
        if (s < 0 || s > Integer.MAX_VALUE) {
            return;
        }
        if (seen[i].get((int) s)) {
            duplicates[i]++;
            return;
        }
        seen[i].set((int) s);
        received[i]++;
        if (s < max[i]) {
            outOfOrder[i]++;
        }
        max[i] = Math.max(max[i], s);
    }

    synchronized Counts counts(int i) {
        return new Counts(received[i], duplicates[i], outOfOrder[i], (BitSet) seen[i].clone());
    }

    /** True when every confirmed message of every device has arrived. */
    synchronized boolean hasAll(List<BitSet> confirmed) {
        for (int i = 0; i < confirmed.size(); i++) {
            BitSet missing = (BitSet) confirmed.get(i).clone();
            missing.andNot(seen[i]);
            if (!missing.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        Backend.disconnect(client);
    }
}
