package dev.l610.driver;

/** Serial stop bits. */
public enum StopBits {
    ONE, ONE_POINT_FIVE, TWO
}
