package dev.l610.modem;

import dev.l610.at.FinalResult;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A script's say in the answers of the AT engine (scenario files in {@code embed}): installed with
 * {@link VirtualModem#answerHook(AnswerHook)}, at most one per modem, called on the modem's loop.
 * Without a hook the engine answers as always.
 */
public interface AnswerHook {

    /**
     * A command line is about to run ({@code line} as the host typed it, from {@code AT}, without the
     * terminator). Null runs it as usual; a {@link Scripted} delays it or answers instead.
     */
    Scripted beforeLine(String line);

    /**
     * The information lines of a command's answer, about to be written (the final result follows them);
     * returns the lines to write: {@code lines} itself for no change, or a list with a stray line put among them.
     */
    default List<String> information(List<String> lines) {
        return lines;
    }

    /**
     * What to do with a command line instead of running it at once.
     *
     * @param delay  how long the line waits (busy: URCs are held) before it runs or the answer is written
     * @param lines  the information lines of the scripted answer (ignored when {@code result} is null)
     * @param result the final result of the scripted answer, shaped by ATV/AT+CMEE as any other;
     *               null runs the command itself once the delay is over
     */
    record Scripted(Duration delay, List<String> lines, FinalResult result) {
        public Scripted {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative: " + delay);
            }
            lines = lines == null ? List.of() : List.copyOf(lines);
        }

        /** Runs the line as usual after {@code delay}. */
        public static Scripted delay(Duration delay) {
            return new Scripted(delay, List.of(), null);
        }
    }
}
