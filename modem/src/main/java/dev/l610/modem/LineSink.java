package dev.l610.modem;

/**
 * Where the modem's bytes go: the host end of the serial line (a TCP connection, stdout, a
 * pseudo-terminal). Called on the modem's serial executor; must not block for long (queue instead).
 */
@FunctionalInterface
public interface LineSink {
    void write(byte[] data);
}
