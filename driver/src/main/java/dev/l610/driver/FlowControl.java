package dev.l610.driver;

/** Serial flow control. The L610 UART supports RTS/CTS; most hosts run without. */
public enum FlowControl {
    NONE, RTS_CTS, XON_XOFF
}
