package dev.l610.at;

/** Every limit of the AT layer, named and defaulted in one place. */
public final class AtLimits {
    /** docs/at-reference.md §1: the longest accepted command line, counted from the {@code A} of {@code AT}, CR excluded. */
    public static final int DEFAULT_MAX_LINE = 2048;

    private AtLimits() {
    }
}
