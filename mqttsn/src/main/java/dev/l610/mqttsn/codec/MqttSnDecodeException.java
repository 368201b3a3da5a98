package dev.l610.mqttsn.codec;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A datagram that is not a valid MQTT-SN 1.2 message. Carries what was parsed before the failure:
 * the message type and the MsgId when they were read, so that a receiver can still answer a bad
 * REGISTER, PUBLISH or SUBSCRIBE with the right MsgId and a rejecting return code.
 *
 * <p>No stack trace is filled in: hostile traffic must be cheap to reject.
 */
public final class MqttSnDecodeException extends Exception {

    private final DecodeFailure failure;
    private final MsgType messageType;
    private final int msgId;

    /**
     * @param messageType the type read before the failure, or {@code null}
     * @param msgId       the MsgId read before the failure, or -1
     */
    public MqttSnDecodeException(DecodeFailure failure, String message, MsgType messageType, int msgId) {
        super(message, null, false, false);
        this.failure = failure;
        this.messageType = messageType;
        this.msgId = msgId;
    }

    public DecodeFailure failure() {
        return failure;
    }

    /** The message type, when the datagram got that far. */
    public Optional<MsgType> messageType() {
        return Optional.ofNullable(messageType);
    }

    /** The MsgId, when the datagram got that far and the type has one. */
    public OptionalInt msgId() {
        return msgId < 0 ? OptionalInt.empty() : OptionalInt.of(msgId);
    }

    @Override
    public String toString() {
        return "MqttSnDecodeException[" + failure + (messageType == null ? "" : ", " + messageType)
                + (msgId < 0 ? "" : ", msgId=" + msgId) + "]: " + getMessage();
    }
}
