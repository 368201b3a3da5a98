package dev.l610.mqttsn.codec;

import java.util.Arrays;

/**
 * GWINFO (§5.4.3): answer to SEARCHGW. {@code gwAdd} is empty when a gateway sends it and holds the
 * gateway's address when a client answers on the gateway's behalf.
 */
public record GwInfo(int gwId, byte[] gwAdd) implements MqttSnMessage {

    private static final byte[] NONE = new byte[0];

    public GwInfo {
        Fields.u8(gwId, "gwId");
        gwAdd = gwAdd == null ? NONE : gwAdd;
    }

    /** GWINFO as a gateway sends it, without GwAdd. */
    public GwInfo(int gwId) {
        this(gwId, NONE);
    }

    @Override
    public MsgType type() {
        return MsgType.GWINFO;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GwInfo g && g.gwId == gwId && Arrays.equals(g.gwAdd, gwAdd);
    }

    @Override
    public int hashCode() {
        return 31 * gwId + Arrays.hashCode(gwAdd);
    }

    @Override
    public String toString() {
        return "GwInfo[gwId=" + gwId + ", gwAdd=" + Fields.hex(gwAdd) + "]";
    }
}
