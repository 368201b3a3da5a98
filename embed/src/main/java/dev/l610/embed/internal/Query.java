package dev.l610.embed.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of a control request, read strictly: a parameter the resource does not know, or
 * a value of the wrong form, is an {@link IllegalArgumentException} (answered 400 with the reason) —
 * never silently taken as a default.
 */
public final class Query {

    private final Map<String, String> values;

    private Query(Map<String, String> values) {
        this.values = values;
    }

    public static Query parse(String rawQuery) {
        Map<String, String> q = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String kv : rawQuery.split("&")) {
                int eq = kv.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                if (q.put(k, v) != null) {
                    throw new IllegalArgumentException("query parameter " + k + " given twice");
                }
            }
        }
        return new Query(q);
    }

    /** Refuses any parameter not in {@code known}. */
    public Query only(String resource, String... known) {
        Set<String> k = Set.of(known);
        for (String name : values.keySet()) {
            if (!k.contains(name)) {
                throw new IllegalArgumentException(resource + " takes " + (known.length == 0 ? "no query parameters"
                        : "only " + String.join(", ", known)) + ", not " + name);
            }
        }
        return this;
    }

    public String text(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public int integer(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing query parameter " + name);
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was " + v);
        }
    }

    public int integer(String name, int dflt) {
        return has(name) ? integer(name) : dflt;
    }

    public double number(String name, double dflt) {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was " + v);
        }
    }

    /** {@code true} or {@code false}; {@code dflt} when left out. Anything else is refused. */
    public boolean bool(String name, boolean dflt) {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was " + v);
        };
    }
}
