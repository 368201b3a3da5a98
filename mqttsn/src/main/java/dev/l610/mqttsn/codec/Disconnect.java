package dev.l610.mqttsn.codec;

import java.util.OptionalInt;

/** DISCONNECT (§5.4.21). With a {@code duration} (seconds) a client announces that it goes to sleep (§6.14). */
public record Disconnect(OptionalInt duration) implements MqttSnMessage {

    public Disconnect {
        Fields.notNull(duration, "duration");
        duration.ifPresent(d -> Fields.u16(d, "duration"));
    }

    /** DISCONNECT without a duration. */
    public Disconnect() {
        this(OptionalInt.empty());
    }

    /** DISCONNECT with a sleep duration in seconds. */
    public static Disconnect sleep(int duration) {
        return new Disconnect(OptionalInt.of(duration));
    }

    @Override
    public MsgType type() {
        return MsgType.DISCONNECT;
    }
}
