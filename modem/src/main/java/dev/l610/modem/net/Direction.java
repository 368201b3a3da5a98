package dev.l610.modem.net;

/** A direction of the modem's radio path. */
public enum Direction {
    /** Modem to network: bytes the modem writes. */
    UPLINK,
    /** Network to modem: bytes the modem reads. */
    DOWNLINK
}
