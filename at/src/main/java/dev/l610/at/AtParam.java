package dev.l610.at;

/**
 * One parameter of a set command, as written: {@code 1}, {@code "a,b"}, an empty one ({@code 1,,2}),
 * or bare text. A quoted string's content is kept byte for byte (no escapes).
 *
 * @param text the content (without the quotes when quoted)
 * @param quoted whether it was written between double quotes
 */
public record AtParam(String text, boolean quoted) {

    public static final AtParam EMPTY = new AtParam("", false);

    public static AtParam quoted(String text) {
        return new AtParam(text, true);
    }

    public static AtParam bare(String text) {
        return new AtParam(text, false);
    }

    /** True for a parameter left out: nothing between the commas, not even quotes. */
    public boolean isEmpty() {
        return !quoted && text.isEmpty();
    }

    /** True for an unquoted decimal integer (digits only, at most 10 of them). */
    public boolean isInteger() {
        if (quoted || text.isEmpty() || text.length() > 10) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The integer value; call only when {@link #isInteger()}. */
    public long longValue() {
        if (!isInteger()) {
            throw new IllegalStateException("not an integer parameter: " + this);
        }
        return Long.parseLong(text);
    }

    @Override
    public String toString() {
        return quoted ? '"' + text + '"' : text;
    }
}
