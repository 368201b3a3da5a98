package dev.l610.modem.mqtt;

/** The state of one AT client id (1, 2, 101, 102). Touched on the modem's serial executor only. */
final class ClientSlot {

    enum State { IDLE, OPENING, OPEN, CLOSING }

    final int id;
    State state = State.IDLE;
    /** Null while an open resolves the host name (then {@link #opening} marks the attempt). */
    MqttSession session;
    Object opening;
    /** +MQTTUSER: null until set. */
    String user;
    String password;
    String clientIdText;
    Will will;
    final MessageStore store;
    long messagesIn;
    long messagesOut;
    long breaks;

    ClientSlot(int id, MessageStore store) {
        this.id = id;
        this.store = store;
    }

    boolean isSn() {
        return id >= 100;
    }

    boolean canClose() {
        return state == State.OPENING || state == State.OPEN;
    }
}
