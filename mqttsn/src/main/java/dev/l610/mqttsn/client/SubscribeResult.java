package dev.l610.mqttsn.client;

import dev.l610.mqttsn.codec.ReturnCode;

import java.util.Objects;

/**
 * The gateway's SUBACK.
 *
 * @param grantedQos the QoS the gateway granted (0..2); meaningless when rejected
 * @param topicId    the topic id the gateway will use in PUBLISH for a name without wildcards, else 0
 */
public record SubscribeResult(ReturnCode returnCode, int grantedQos, int topicId) {

    public SubscribeResult {
        Objects.requireNonNull(returnCode, "returnCode");
    }

    public boolean isSuccess() {
        return returnCode == ReturnCode.ACCEPTED;
    }
}
