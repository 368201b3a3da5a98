package dev.l610.driver.internal;

import dev.l610.driver.LinkClosedException;

/**
 * An internal URC consumer, called synchronously on the reader thread (inside the channel's lock) before
 * the public listeners, so outcome URCs are matched in order. Must not block.
 */
public interface UrcHook {

    void onUrc(String line);

    /** The link went down; fail whatever waits. */
    default void onClose(LinkClosedException cause) {
    }
}
