package dev.l610.mqttsn.codec;

import java.util.Arrays;

/** WILLMSGUPD (§5.4.23): the will message bytes. */
public record WillMsgUpd(byte[] willMsg) implements MqttSnMessage {

    public WillMsgUpd {
        Fields.notNull(willMsg, "willMsg");
    }

    @Override
    public MsgType type() {
        return MsgType.WILLMSGUPD;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WillMsgUpd w && Arrays.equals(w.willMsg, willMsg);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(willMsg);
    }

    @Override
    public String toString() {
        return "WillMsgUpd[willMsg=" + Fields.hex(willMsg) + "]";
    }
}
