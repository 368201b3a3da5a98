package dev.l610.mqttsn.codec;

/** Why a datagram is not a valid MQTT-SN 1.2 message. */
public enum DecodeFailure {
    /** The datagram ends before a field that must be there (the message says which, and how many octets). */
    TRUNCATED,
    /** The Length field is below the smallest possible message (§5.2.1). */
    INVALID_LENGTH,
    /** The Length field and the datagram size differ (§5.2.1). */
    LENGTH_MISMATCH,
    /** Octets left over after the last field of a fixed-size message. */
    TRAILING_BYTES,
    /** A reserved MsgType (§5.2.2). */
    UNKNOWN_TYPE,
    /** A defined MsgType this codec does not handle (Encapsulated message, §5.5). */
    UNSUPPORTED_TYPE,
    /** A flag combination the specification reserves or forbids for this message (§5.3.4). */
    RESERVED_FLAGS,
    /** A field value the specification forbids (ProtocolId, reserved ReturnCode, bad UTF-8, empty name). */
    INVALID_FIELD,
    /** A bug in the decoder; never expected, kept so that no RuntimeException escapes. */
    INTERNAL_ERROR
}
