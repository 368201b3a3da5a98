package dev.l610.fleet.internal;

import dev.l610.driver.Link;
import dev.l610.modem.VirtualModem;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The serial line between a host driver and a virtual modem in memory: what the driver writes is posted
 * to the modem's loop as one task (a copy: the only hand-off), where the modem takes it as host bytes;
 * the modem's bytes are pushed to the driver by the fleet ({@code L610Driver.received}). No thread.
 */
final class MemoryLink implements Link {

    private final VirtualModem modem;
    private final String description;
    private volatile boolean closed;

    MemoryLink(VirtualModem modem, String description) {
        this.modem = modem;
        this.description = description;
    }

    @Override
    public InputStream input() {
        throw new UnsupportedOperationException("a memory line pushes the modem's bytes to the driver");
    }

    @Override
    public OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (closed) {
                    throw new IllegalStateException("the line is closed");
                }
                byte[] copy = Arrays.copyOfRange(b, off, off + len);
                modem.executor().execute(() -> modem.input(copy, 0, copy.length));
            }
        };
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        closed = true;
    }
}
