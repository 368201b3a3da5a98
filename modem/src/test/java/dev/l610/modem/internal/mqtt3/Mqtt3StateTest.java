package dev.l610.modem.internal.mqtt3;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Packet ids of a slot's session state: from 1, counting up, 65535 wraps to 1, ids in use skipped. */
class Mqtt3StateTest {

    private static Mqtt3State.Outgoing msg(int id) {
        return new Mqtt3State.Outgoing(id, "t", 1, false, new byte[0]);
    }

    @Test
    void idsCountUpWrapAndSkipIdsInUse() {
        Mqtt3State s = new Mqtt3State();
        for (int expected = 1; expected <= Mqtt3State.MAX_PACKET_ID; expected++) {
            int id = s.nextPacketId(i -> false);
            assertThat(id).isEqualTo(expected);
            s.add(msg(id));
        }
        assertThat(s.full()).isTrue();
        assertThat(s.nextPacketId(i -> false)).isZero();
        s.remove(2);
        s.remove(40_000);
        int two = s.nextPacketId(i -> false);
        assertThat(two).isEqualTo(2); // wrapped: 1 still in use
        s.add(msg(two));
        assertThat(s.nextPacketId(i -> i == 40_000)).isZero(); // the one free id is in use elsewhere
        assertThat(s.nextPacketId(i -> false)).isEqualTo(40_000);
        s.clear();
        assertThat(s.inFlight()).isZero();
        assertThat(s.nextPacketId(i -> false)).isEqualTo(1);
    }

    @Test
    void theCapIsKept() {
        Mqtt3State s = new Mqtt3State(2);
        s.add(msg(s.nextPacketId(i -> false)));
        assertThat(s.full()).isFalse();
        s.add(msg(s.nextPacketId(i -> false)));
        assertThat(s.full()).isTrue();
        assertThatThrownBy(() -> new Mqtt3State(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
