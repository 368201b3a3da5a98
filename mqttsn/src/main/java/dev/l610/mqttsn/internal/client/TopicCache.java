package dev.l610.mqttsn.internal.client;

import java.util.HashMap;
import java.util.Map;

/**
 * Normal topic ids known for the current connection, both ways: from our REGISTER (REGACK), from a
 * SUBACK to a name without wildcards, and from the gateway's REGISTER (§6.10). Cleared when the
 * connection ends: ids are per connection.
 */
final class TopicCache {

    /** A hostile gateway could register names until memory runs out; beyond this REGISTER is refused. */
    static final int MAX_TOPICS = 10_000;

    private final Map<String, Integer> idByName = new HashMap<>();
    private final Map<Integer, String> nameById = new HashMap<>();

    Integer idFor(String name) {
        return idByName.get(name);
    }

    String nameFor(int id) {
        return nameById.get(id);
    }

    boolean isFull() {
        return nameById.size() >= MAX_TOPICS;
    }

    void put(String name, int id) {
        String oldName = nameById.put(id, name);
        if (oldName != null && !oldName.equals(name)) {
            idByName.remove(oldName);
        }
        Integer oldId = idByName.put(name, id);
        if (oldId != null && oldId != id) {
            nameById.remove(oldId);
        }
    }

    void forget(String name) {
        Integer id = idByName.remove(name);
        if (id != null) {
            nameById.remove(id);
        }
    }

    void clear() {
        idByName.clear();
        nameById.clear();
    }
}
