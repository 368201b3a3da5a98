package dev.l610.mqttsn.client;

/**
 * The connection ended while the request was pending: the gateway sent DISCONNECT, its port is
 * unreachable, another request timed out, or the client was closed or disconnected.
 */
public class MqttSnConnectionLostException extends MqttSnException {

    public MqttSnConnectionLostException(String message) {
        super(message);
    }

    public MqttSnConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
