package dev.l610.modem;

/** Sees every byte on the serial line, both ways (transcripts, counters). Called on the serial executor. */
public interface LineTap {
    /** Bytes from the host to the modem. */
    void fromHost(byte[] data, int off, int len);

    /** Bytes from the modem to the host. */
    void toHost(byte[] data);

    /**
     * A URC the modem has just put on the line (its text, without CR LF); its bytes follow in the next
     * {@link #toHost} call, so a tap can tell URCs from answers (the web console marks them).
     */
    default void urc(String line) {
    }
}
