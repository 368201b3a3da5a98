package dev.l610.driver.internal;

import dev.l610.driver.Link;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link Link} over a stream pair, optionally owning a resource (a socket) closed with it. */
public final class StreamLink implements Link {

    private final InputStream in;
    private final OutputStream out;
    private final Closeable resource;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    public StreamLink(InputStream in, OutputStream out, Closeable resource, String description) {
        this.in = in;
        this.out = out;
        this.resource = resource;
        this.description = description;
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // the resource first: closing a socket unblocks its reader, closing only a stream may not
        quietly(resource);
        quietly(out);
        quietly(in);
    }

    private static void quietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
