package dev.l610.mqttsn.internal.gateway;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One client's normal topic ids (§6.5, §6.10): assigned by the gateway, 1..65535 in order, never
 * reused within the session. "Known" marks the names the client has learnt the id of (its own
 * REGISTER, a SUBACK, or our REGISTER it acknowledged), which the gateway may then publish with.
 */
final class SessionTopics {

    private final int max;
    private final Map<String, Integer> idByName = new HashMap<>();
    private final Map<Integer, String> nameById = new HashMap<>();
    private final Set<String> known = new HashSet<>();
    private int nextId = 1;

    SessionTopics(int max) {
        this.max = max;
    }

    /** The id of this name, assigning one if needed; -1 when the session has no id left. */
    int register(String name) {
        Integer id = idByName.get(name);
        if (id != null) {
            return id;
        }
        if (nameById.size() >= max || nextId > 0xFFFF) {
            return -1;
        }
        int assigned = nextId++;
        idByName.put(name, assigned);
        nameById.put(assigned, name);
        return assigned;
    }

    String name(int id) {
        return nameById.get(id);
    }

    /** The id the client knows for this name, or {@code null}. */
    Integer knownId(String name) {
        return known.contains(name) ? idByName.get(name) : null;
    }

    void markKnown(String name) {
        known.add(name);
    }

    void markUnknown(String name) {
        known.remove(name);
    }

    /** A resumed session (the client reconnected): it knows none of the ids, which stay assigned as they were. */
    void forgetKnown() {
        known.clear();
    }
}
