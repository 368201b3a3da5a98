package dev.l610.mqttsn.client;

import dev.l610.mqttsn.codec.ReturnCode;

import java.util.Objects;

/** The gateway's CONNACK: {@link ReturnCode#ACCEPTED}, or why it refused (the client stays disconnected). */
public record ConnectResult(ReturnCode returnCode) {

    public ConnectResult {
        Objects.requireNonNull(returnCode, "returnCode");
    }

    public boolean isAccepted() {
        return returnCode == ReturnCode.ACCEPTED;
    }
}
