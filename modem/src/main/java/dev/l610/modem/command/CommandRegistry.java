package dev.l610.modem.command;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Command name (upper case, with prefix: {@code +CSQ}, {@code E}, {@code &F}) to handler. Kept as two
 * sorted arrays searched by halving: every modem of a fleet holds one, so it is as small as it can be.
 */
public final class CommandRegistry {

    /** A registered command. */
    public record Entry(String name, ErrorStyle style, CommandHandler handler) {
    }

    private String[] names = new String[0];
    private Entry[] entries = new Entry[0];

    /** An empty registry. */
    public CommandRegistry() {
    }

    public CommandRegistry register(String name, ErrorStyle style, CommandHandler handler) {
        String key = name.toUpperCase(Locale.ROOT);
        int i = Arrays.binarySearch(names, key);
        if (i >= 0) {
            throw new IllegalStateException("command registered twice: " + key);
        }
        int at = -i - 1;
        names = insert(names, at, key);
        entries = insert(entries, at, new Entry(key, style, handler));
        return this;
    }

    private static <T> T[] insert(T[] a, int at, T value) {
        T[] b = Arrays.copyOf(a, a.length + 1);
        System.arraycopy(a, at, b, at + 1, a.length - at);
        b[at] = value;
        return b;
    }

    /** The entry, or null for an unknown command. */
    public Entry lookup(String name) {
        int i = Arrays.binarySearch(names, name);
        return i >= 0 ? entries[i] : null;
    }

    /** Every registered name, sorted (for completion and docs). */
    public Set<String> names() {
        String[] n = names;
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return Arrays.asList(n).iterator();
            }

            @Override
            public int size() {
                return n.length;
            }
        };
    }
}
