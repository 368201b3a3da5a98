package dev.l610.mqttsn.client;

import dev.l610.mqttsn.codec.MsgType;
import dev.l610.mqttsn.codec.ReturnCode;

/** The gateway answered with a return code other than accepted (in a PUBACK or REGACK). */
public class MqttSnRejectedException extends MqttSnException {

    private final MsgType answer;
    private final ReturnCode returnCode;

    public MqttSnRejectedException(MsgType answer, ReturnCode returnCode) {
        super(answer + " return code " + returnCode.code() + " (" + returnCode + ")");
        this.answer = answer;
        this.returnCode = returnCode;
    }

    /** The message that carried the return code: PUBACK, or REGACK when registering the topic name failed. */
    public MsgType answer() {
        return answer;
    }

    public ReturnCode returnCode() {
        return returnCode;
    }
}
