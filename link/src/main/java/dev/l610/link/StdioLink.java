package dev.l610.link;

import dev.l610.modem.VirtualModem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * The modem's serial line on a pair of streams (stdin/stdout for pipes and scripts). Reading and writing
 * a stream block, so this link has a reader thread and an {@link OutputPump} of its own; there is only
 * ever one such link per process. Output waits in a queue of at most {@link #MAX_PENDING_BYTES}; when
 * nobody reads stdout, the oldest waiting output is dropped ({@link #droppedBytes()}).
 */
public final class StdioLink implements AutoCloseable {

    /** Most bytes queued for a stdout that is not read; past that the oldest output is dropped. */
    public static final int MAX_PENDING_BYTES = 1024 * 1024;

    private final VirtualModem modem;
    private final InputStream in;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final OutputPump out;
    private final Thread reader;

    private StdioLink(VirtualModem modem, InputStream in, OutputStream out) {
        this.modem = modem;
        this.in = in;
        this.out = new OutputPump("stdio", out, MAX_PENDING_BYTES, e -> ended.complete(null));
        this.reader = new Thread(this::readLoop, "l610-stdio-read");
        this.reader.setDaemon(true);
    }

    /** Attaches the modem to the streams and starts reading. */
    public static StdioLink start(VirtualModem modem, InputStream in, OutputStream out) {
        StdioLink link = new StdioLink(modem, in, out);
        modem.attachHost(link.out);
        link.reader.start();
        return link;
    }

    /** Completes when the input ends (EOF) or fails, once the answers to what was read are written. */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /** Bytes of modem output lost because stdout was not read. */
    public long droppedBytes() {
        return out.droppedBytes();
    }

    private void readLoop() {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n > 0) {
                    modem.input(buf, 0, n);
                    BlockingInput.awaitRoom(modem, ended::isDone);
                }
            }
        } catch (IOException e) {
            // input gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // let the modem answer what it already read, and those answers reach stdout, before the line counts as closed
            modem.call(m -> null).thenCompose(v -> out.drained()).whenComplete((v, e) -> ended.complete(null));
        }
    }

    @Override
    public void close() {
        modem.detachHost(out);
        ended.complete(null);
        out.close();
    }
}
