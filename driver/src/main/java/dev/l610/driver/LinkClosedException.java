package dev.l610.driver;

/**
 * The link to the modem is gone: the peer closed it, a read or write failed, or {@link L610Driver#close()}
 * was called. Every pending and queued command fails with it, and so does every later one.
 */
public class LinkClosedException extends L610Exception {

    public LinkClosedException(String message) {
        super(message);
    }

    public LinkClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
