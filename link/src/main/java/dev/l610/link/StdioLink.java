package dev.l610.link;

import dev.l610.modem.LineSink;
import dev.l610.modem.VirtualModem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * The modem's serial line on a pair of streams (stdin/stdout for pipes and scripts). Reading a stream
 * blocks, so this link uses one thread of its own; there is only ever one such link per process.
 */
public final class StdioLink implements AutoCloseable {

    private final VirtualModem modem;
    private final InputStream in;
    private final OutputStream out;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final LineSink sink;
    private final Thread reader;

    private StdioLink(VirtualModem modem, InputStream in, OutputStream out) {
        this.modem = modem;
        this.in = in;
        this.out = out;
        this.sink = this::write;
        this.reader = new Thread(this::readLoop, "l610-stdio");
        this.reader.setDaemon(true);
    }

    /** Attaches the modem to the streams and starts reading. */
    public static StdioLink start(VirtualModem modem, InputStream in, OutputStream out) {
        StdioLink link = new StdioLink(modem, in, out);
        modem.attachHost(link.sink);
        link.reader.start();
        return link;
    }

    /** Completes when the input ends (EOF) or fails. */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    private void readLoop() {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n > 0) {
                    modem.input(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // input gone
        } finally {
            // let the modem answer what it already read before the line counts as closed
            modem.call(m -> null).whenComplete((v, e) -> ended.complete(null));
        }
    }

    private void write(byte[] data) {
        synchronized (out) {
            try {
                out.write(data);
                out.flush();
            } catch (IOException e) {
                ended.complete(null);
            }
        }
    }

    @Override
    public void close() {
        modem.detachHost(sink);
        ended.complete(null);
    }
}
