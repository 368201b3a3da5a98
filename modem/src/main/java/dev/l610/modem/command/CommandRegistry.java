package dev.l610.modem.command;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Command name (upper case, with prefix: {@code +CSQ}, {@code E}, {@code &F}) to handler. One array of
 * entries, appended while the modem registers its commands and sorted by name once, at the first look-up;
 * then searched by halving. Every modem of a fleet holds one, so it is as small and as cheap to fill as it
 * can be (no copy per registration, no second array of names).
 */
public final class CommandRegistry {

    /** A registered command. */
    public record Entry(String name, ErrorStyle style, CommandHandler handler) {
    }

    private static final Comparator<Entry> BY_NAME = Comparator.comparing(Entry::name);

    private Entry[] entries = new Entry[128];
    private int size;
    private boolean sorted = true;

    /** An empty registry. */
    public CommandRegistry() {
    }

    public CommandRegistry register(String name, ErrorStyle style, CommandHandler handler) {
        String key = name.toUpperCase(Locale.ROOT);
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entries[size++] = new Entry(key, style, handler);
        sorted = false;
        return this;
    }

    /** Sorts the entries now (the owner calls it once it has registered everything, before sharing the registry). */
    public void seal() {
        sort();
    }

    private void sort() {
        if (sorted) {
            return;
        }
        if (size < entries.length) {
            entries = Arrays.copyOf(entries, size);
        }
        Arrays.sort(entries, BY_NAME);
        for (int i = 1; i < size; i++) {
            if (entries[i].name().equals(entries[i - 1].name())) {
                throw new IllegalStateException("command registered twice: " + entries[i].name());
            }
        }
        sorted = true;
    }

    /** The entry, or null for an unknown command. */
    public Entry lookup(String name) {
        sort();
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = entries[mid].name().compareTo(name);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return entries[mid];
            }
        }
        return null;
    }

    /** Every registered name, sorted (for completion and docs). */
    public Set<String> names() {
        sort();
        Entry[] e = entries;
        int n = size;
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return Arrays.stream(e, 0, n).map(Entry::name).iterator();
            }

            @Override
            public int size() {
                return n;
            }
        };
    }
}
