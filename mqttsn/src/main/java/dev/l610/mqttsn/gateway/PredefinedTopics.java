package dev.l610.mqttsn.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Predefined topic ids (§6.7): topic names known in advance by gateway and clients, used without
 * REGISTER. Immutable.
 *
 * <p>File format ({@link #load(Path)}), UTF-8, one mapping a line:
 * <pre>
 * # comment lines start with '#' (after optional blanks); blank lines are ignored
 * &lt;id&gt; &lt;topic name&gt;
 * 1 sensors/temp
 * 42 devices/L610-0001/cmd
 * </pre>
 * The id is a decimal integer 1..65535, followed by at least one blank; the topic name is the rest of
 * the line without leading or trailing blanks (it may contain blanks and {@code #}: there are no
 * comments at the end of a line). An id or a topic name may appear only once.
 */
public final class PredefinedTopics {

    private static final PredefinedTopics EMPTY = new PredefinedTopics(Map.of());

    private final Map<Integer, String> nameById;
    private final Map<String, Integer> idByName;

    private PredefinedTopics(Map<Integer, String> nameById) {
        this.nameById = Collections.unmodifiableMap(new TreeMap<>(nameById));
        Map<String, Integer> reverse = new HashMap<>();
        nameById.forEach((id, name) -> reverse.put(name, id));
        this.idByName = Collections.unmodifiableMap(reverse);
    }

    public static PredefinedTopics empty() {
        return EMPTY;
    }

    /**
     * @throws IllegalArgumentException for an id outside 1..65535, an empty name, or a name given twice
     */
    public static PredefinedTopics of(Map<Integer, String> topics) {
        Objects.requireNonNull(topics, "topics");
        Map<String, Integer> seen = new HashMap<>();
        topics.forEach((id, name) -> {
            String problem = check(id, name, seen);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        });
        return new PredefinedTopics(topics);
    }

    /**
     * Reads the file format described above.
     *
     * @throws IOException when the file cannot be read, or with {@code <file>:<line>: <problem>} when
     *                     a line is malformed
     */
    public static PredefinedTopics load(Path file) throws IOException {
        Map<Integer, String> topics = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] parts = t.split("\\s+", 2);
                if (parts.length < 2) {
                    throw new IOException(file + ":" + lineNo + ": expected '<id> <topic name>', got '" + t + "'");
                }
                int id;
                try {
                    id = Integer.parseInt(parts[0]);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + lineNo + ": topic id '" + parts[0] + "' is not a number");
                }
                String name = parts[1].strip();
                String problem = check(id, name, seen);
                if (problem != null || topics.containsKey(id)) {
                    throw new IOException(file + ":" + lineNo + ": " + (problem != null ? problem : "topic id " + id + " given twice"));
                }
                topics.put(id, name);
            }
        }
        return new PredefinedTopics(topics);
    }

    private static String check(Integer id, String name, Map<String, Integer> seen) {
        if (id == null || id < 1 || id > 0xFFFF) {
            return "predefined topic id must be 1..65535, was " + id;
        }
        if (name == null || name.isEmpty()) {
            return "predefined topic " + id + " has no name";
        }
        Integer other = seen.putIfAbsent(name, id);
        if (other != null) {
            return "topic name '" + name + "' given for ids " + other + " and " + id;
        }
        return null;
    }

    /** The topic name of a predefined id, or {@code null}. */
    public String name(int id) {
        return nameById.get(id);
    }

    /** The predefined id of a topic name, or {@code null}. */
    public Integer id(String name) {
        return idByName.get(name);
    }

    public int size() {
        return nameById.size();
    }

    /** id → name, sorted by id. */
    public Map<Integer, String> asMap() {
        return nameById;
    }

    @Override
    public String toString() {
        return "PredefinedTopics" + nameById;
    }
}
