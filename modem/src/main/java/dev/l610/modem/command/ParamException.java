package dev.l610.modem.command;

/** A parameter is missing, malformed or out of range; answered as "incorrect parameters" (CME 50 / ERROR). */
public final class ParamException extends RuntimeException {
    public ParamException(String message) {
        super(message, null, false, false);
    }
}
