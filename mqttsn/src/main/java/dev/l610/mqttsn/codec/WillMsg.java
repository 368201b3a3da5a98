package dev.l610.mqttsn.codec;

import java.util.Arrays;

/** WILLMSG (§5.4.9): the will message bytes. */
public record WillMsg(byte[] willMsg) implements MqttSnMessage {

    public WillMsg {
        Fields.notNull(willMsg, "willMsg");
    }

    @Override
    public MsgType type() {
        return MsgType.WILLMSG;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WillMsg w && Arrays.equals(w.willMsg, willMsg);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(willMsg);
    }

    @Override
    public String toString() {
        return "WillMsg[willMsg=" + Fields.hex(willMsg) + "]";
    }
}
