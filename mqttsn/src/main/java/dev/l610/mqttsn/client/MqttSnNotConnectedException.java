package dev.l610.mqttsn.client;

/** A request that needs a connection was made while the client was not connected. */
public class MqttSnNotConnectedException extends MqttSnException {

    public MqttSnNotConnectedException(String message) {
        super(message);
    }
}
