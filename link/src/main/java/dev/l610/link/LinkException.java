package dev.l610.link;

/** A link could not be opened; the message is for the user (port in use, no such device). */
public final class LinkException extends RuntimeException {
    public LinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
