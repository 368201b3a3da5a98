package dev.l610.mqttsn.client;

/** Base of the exceptions with which the client's futures complete. */
public class MqttSnException extends Exception {

    public MqttSnException(String message) {
        super(message);
    }

    public MqttSnException(String message, Throwable cause) {
        super(message, cause);
    }
}
