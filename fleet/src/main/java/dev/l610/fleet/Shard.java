package dev.l610.fleet;

/**
 * One part of a fleet spread over many processes: shard {@code index} of {@code count} runs the devices
 * {@code index·N/count … (index+1)·N/count − 1}, so a restarted shard brings back the same IMEIs.
 */
public record Shard(int index, int count) {

    /** The whole fleet in one process. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a shard is i/n with 0 <= i < n, was " + index + "/" + count);
        }
    }

    /** {@code i/n}. */
    public static Shard parse(String text) {
        String[] p = text == null ? new String[0] : text.trim().split("/");
        try {
            if (p.length == 2) {
                return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("a shard is i/n (e.g. 0/4), was '" + text + "'");
    }

    /** The first device index of this shard in a fleet of {@code n}. */
    public int first(int n) {
        return (int) ((long) index * n / count);
    }

    /** One past the last device index of this shard. */
    public int end(int n) {
        return (int) ((long) (index + 1) * n / count);
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
