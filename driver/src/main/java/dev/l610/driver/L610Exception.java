package dev.l610.driver;

/** Base of every failure the driver reports; futures of this API fail with a subclass. */
public class L610Exception extends RuntimeException {

    public L610Exception(String message) {
        super(message);
    }

    public L610Exception(String message, Throwable cause) {
        super(message, cause);
    }
}
