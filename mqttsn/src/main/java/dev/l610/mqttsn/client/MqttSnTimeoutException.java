package dev.l610.mqttsn.client;

/** The gateway did not answer a request after Nretry retransmissions, each Tretry apart (§6.13). */
public class MqttSnTimeoutException extends MqttSnException {

    public MqttSnTimeoutException(String message) {
        super(message);
    }
}
