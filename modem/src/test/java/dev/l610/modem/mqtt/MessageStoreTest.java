package dev.l610.modem.mqtt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The +MQTTCONF=1 store's bounds: stored by count, withheld QoS 1/2 up to the cap that pauses reading. */
class MessageStoreTest {

    private final AtomicInteger acks = new AtomicInteger();

    private InboundMessage m(int qos, String payload) {
        return new InboundMessage(new Topic.Name("t"), qos, false, payload.getBytes(), acks::incrementAndGet);
    }

    @Test
    void withheldMessagesReachTheCapPauseOnceAndResumeAtHalf() {
        MessageStore store = new MessageStore(1, 1024, 4);
        assertThat(store.offer(m(1, "s"), 1)).isTrue();
        for (int i = 0; i < 4; i++) {
            assertThat(store.shouldPause()).isFalse();
            assertThat(store.offer(m(1, "w" + i), 1)).isFalse();
        }
        assertThat(store.shouldPause()).isTrue();
        assertThat(store.shouldPause()).isFalse(); // once
        // what still arrives from the read batch is withheld too, not lost
        assertThat(store.offer(m(2, "late"), 1)).isFalse();
        assertThat(store.withheldCount()).isEqualTo(5);
        assertThat(acks).hasValue(1); // only the stored one acknowledged

        List<String> read = new ArrayList<>();
        int resumedAt = -1;
        while (store.size() > 0) {
            read.add(new String(store.poll().payload()));
            store.refill();
            if (store.shouldResume()) {
                assertThat(resumedAt).isEqualTo(-1);
                resumedAt = store.withheldCount();
            }
        }
        assertThat(resumedAt).isEqualTo(2); // half the cap
        assertThat(read).containsExactly("s", "w0", "w1", "w2", "w3", "late");
        assertThat(store.paused()).isFalse();
        assertThat(acks).hasValue(6);
    }

    @Test
    void qos0BeyondTheStoreIsDroppedAndCountedNeverWithheld() {
        MessageStore store = new MessageStore(1, 1024, 2);
        assertThat(store.offer(m(0, "a"), 1)).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(store.offer(m(0, "b"), 1)).isFalse();
        }
        assertThat(store.withheldCount()).isZero();
        assertThat(store.qos0Dropped()).isEqualTo(5);
        assertThat(store.shouldPause()).isFalse();
    }

    @Test
    void closingOrLosingTheConnectionEndsThePause() {
        MessageStore store = new MessageStore(1, 1024, 1);
        store.offer(m(1, "a"), 1);
        store.offer(m(1, "b"), 1);
        assertThat(store.shouldPause()).isTrue();
        store.dropWithheld();
        assertThat(store.paused()).isFalse();
        store.offer(m(1, "c"), 1);
        assertThat(store.shouldPause()).isTrue();
        store.clear();
        assertThat(store.paused()).isFalse();
    }
}
