package dev.l610.modem.command;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Command name (upper case, with prefix: {@code +CSQ}, {@code E}, {@code &F}) to handler. */
public final class CommandRegistry {

    /** A registered command. */
    public record Entry(String name, ErrorStyle style, CommandHandler handler) {
    }

    private final Map<String, Entry> entries = new TreeMap<>();

    public CommandRegistry register(String name, ErrorStyle style, CommandHandler handler) {
        String key = name.toUpperCase(Locale.ROOT);
        if (entries.putIfAbsent(key, new Entry(key, style, handler)) != null) {
            throw new IllegalStateException("command registered twice: " + key);
        }
        return this;
    }

    /** The entry, or null for an unknown command. */
    public Entry lookup(String name) {
        return entries.get(name);
    }

    /** Every registered name, sorted (for completion and docs). */
    public java.util.Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }
}
