package dev.l610.modem;

/**
 * A snapshot of a modem's counters.
 *
 * @param commandsRun commands dispatched (each command of a {@code ;} line counts)
 * @param urcsDropped URCs dropped because the queue was full while no host read them
 */
public record ModemCounters(long commandsRun, long urcsDropped) {
}
