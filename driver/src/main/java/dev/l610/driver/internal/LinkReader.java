package dev.l610.driver.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;

/** The one thread that reads a link: every byte goes to the framer, in order; the end of input ends the channel. */
public final class LinkReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(LinkReader.class);

    private final InputStream in;
    private final LineFramer framer;
    private final CommandChannel channel;
    private final String description;

    public LinkReader(InputStream in, LineFramer framer, CommandChannel channel, String description) {
        this.in = in;
        this.framer = framer;
        this.channel = channel;
        this.description = description;
    }

    public Thread start(String threadName) {
        Thread t = new Thread(this, threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void run() {
        byte[] buf = new byte[4096];
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    channel.peerClosed(description);
                    return;
                }
                channel.beginChunk();
                try {
                    framer.feed(buf, 0, n);
                } finally {
                    channel.endChunk();
                }
            }
        } catch (IOException e) {
            channel.readFailed(description, e);
        } catch (RuntimeException e) {
            LOG.error("reader of {} failed", description, e);
            channel.linkDown("the driver's reader failed: " + e, e);
        }
    }
}
