package dev.l610.driver;

import java.util.Optional;

/**
 * An asynchronous MQTT command was accepted ({@code OK}) but failed: its outcome URC carried status 0
 * ({@code +MQTTOPEN: 1,0}), or the client broke ({@code +MQTTBREAK}) before the outcome came. A refused
 * CONNECT carries the {@link MqttError} announced by the {@code +CME ERROR: 70x} line before it.
 */
public class MqttException extends L610Exception {

    private final String command;
    private final int clientId;
    private final MqttError error;

    public MqttException(String command, int clientId, MqttError error, String message) {
        super(message);
        this.command = command;
        this.clientId = clientId;
        this.error = error;
    }

    /** The command name, e.g. {@code +MQTTOPEN}. */
    public String command() {
        return command;
    }

    public int clientId() {
        return clientId;
    }

    /** Why the broker refused the connection, when the modem said so. */
    public Optional<MqttError> error() {
        return Optional.ofNullable(error);
    }

    /** The {@code +CME ERROR} code that came with the failure (700..704), or -1. */
    public int cmeCode() {
        return error == null ? -1 : error.code();
    }
}
