package dev.l610.modem.internal.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;

/** Closing a TCP connection with a reset (RST) instead of FIN, as when the radio link vanishes. */
public final class Resets {

    private Resets() {
    }

    /**
     * {@code SO_LINGER 0}, then closes the socket at the head of the pipeline, past every handler (no TLS
     * close_notify, no pending write): the peer sees "connection reset". Call on the channel's event loop.
     */
    public static void reset(Channel ch) {
        if (!ch.isOpen()) {
            return;
        }
        try {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (RuntimeException ignored) {
            // the socket is already gone: closing is all that is left
        }
        var first = ch.pipeline().firstContext();
        if (first != null) {
            first.close();
        } else {
            ch.close();
        }
    }
}
