package dev.l610.driver;

/** Serial parity. */
public enum Parity {
    NONE, ODD, EVEN, MARK, SPACE
}
