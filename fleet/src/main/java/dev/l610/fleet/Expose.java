package dev.l610.fleet;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Real firmware in the loop: the first {@code count} devices of this process get a serial line of their
 * own instead of an in-process host, for firmware builds (under Renode or QEMU, or native binaries) to
 * drive them beside the light devices.
 *
 * <ul>
 *   <li>{@code tcp:BASEPORT}: device {@code i} (its index in the whole fleet, so shards never collide)
 *       listens on {@code 127.0.0.1:(BASEPORT + i)}; {@code tcp:0} gives each an ephemeral port (the
 *       report's devices say which).</li>
 *   <li>{@code pty:DIR}: device {@code i} gets a pseudo-terminal, symlinked as {@code DIR/l610-<i>} (Linux).</li>
 * </ul>
 *
 * @param kind TCP or PTY
 * @param basePort the first port (TCP), 0 for ephemeral ports
 * @param dir where the pty symlinks go (PTY), else null
 * @param count how many devices of this process are exposed; {@link #ALL} for every one
 */
public record Expose(Kind kind, int basePort, Path dir, int count) {

    /** Every device of the process. */
    public static final int ALL = -1;

    public enum Kind { TCP, PTY }

    public Expose {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.TCP && (basePort < 0 || basePort > 65535)) {
            throw new IllegalArgumentException("--expose tcp:BASEPORT: the base port is 0..65535, was " + basePort);
        }
        if (kind == Kind.PTY && dir == null) {
            throw new IllegalArgumentException("--expose pty:DIR needs a directory");
        }
        if (count < ALL || count == 0) {
            throw new IllegalArgumentException("--expose-count must be at least 1, was " + count);
        }
    }

    /** {@code tcp:BASEPORT} or {@code pty:DIR}, exposing {@code count} devices ({@link #ALL}: all). */
    public static Expose parse(String spec, int count) {
        String s = spec == null ? "" : spec.trim();
        if (s.startsWith("tcp:")) {
            try {
                return new Expose(Kind.TCP, Integer.parseInt(s.substring(4).trim()), null, count);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--expose tcp:BASEPORT needs a port number, was '" + spec + "'");
            }
        }
        if (s.startsWith("pty:") && s.length() > 4) {
            return new Expose(Kind.PTY, 0, Path.of(s.substring(4).trim()), count);
        }
        throw new IllegalArgumentException("--expose is tcp:BASEPORT or pty:DIR, was '" + spec + "'");
    }

    public static Expose tcp(int basePort, int count) {
        return new Expose(Kind.TCP, basePort, null, count);
    }

    public static Expose pty(Path dir, int count) {
        return new Expose(Kind.PTY, 0, dir, count);
    }

    /** How many of the {@code devices} of a process are exposed. */
    public int exposedOf(int devices) {
        return count == ALL ? devices : Math.min(count, devices);
    }

    /** The port of the device with global index {@code index} (TCP; 0 for ephemeral). */
    public int port(int index) {
        return basePort == 0 ? 0 : basePort + index;
    }

    /** The pty symlink of the device with global index {@code index}. */
    public Path link(int index) {
        return dir.resolve("l610-" + index);
    }

    @Override
    public String toString() {
        return (kind == Kind.TCP ? "tcp:" + basePort : "pty:" + dir) + (count == ALL ? "" : " (first " + count + ")");
    }
}
