package dev.l610.mqttsn.internal.common;

/**
 * The last few QoS 2 MsgIds released (PUBREL answered). UDP may deliver a retransmitted PUBLISH
 * (DUP set) after its PUBREL; a receiver that only remembers MsgIds until PUBREL (§6.6, as in MQTT)
 * would deliver it twice. A DUP PUBLISH whose MsgId was released moments ago is such a late copy:
 * the sender has moved on to new MsgIds, which it reuses only after wrapping around 65535.
 */
public final class RecentIds {

    private final int[] ids;
    private int next;
    private int size;

    public RecentIds(int capacity) {
        ids = new int[capacity];
    }

    public void add(int id) {
        ids[next] = id;
        next = (next + 1) % ids.length;
        size = Math.min(size + 1, ids.length);
    }

    public boolean contains(int id) {
        for (int i = 0; i < size; i++) {
            if (ids[i] == id) {
                return true;
            }
        }
        return false;
    }

    public void clear() {
        size = 0;
        next = 0;
    }
}
