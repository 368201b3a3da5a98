package dev.l610.fleet;

/**
 * The fleet now, for a progress line: devices of this process connected of the target, messages
 * published in the last second, the publish outcome latency of the last second, errors so far.
 *
 * @param elapsedSeconds since the start
 * @param target devices in this process
 * @param started devices whose bring-up has begun (the ramp)
 * @param connected devices with an open MQTT client now
 * @param messagesPerSecond publishes confirmed in the last second
 * @param p50Millis publish outcome latency ({@code AT+MQTTPUB} to {@code +MQTTPUB: <id>,1}) of the last second, median
 * @param p99Millis the same, 99th percentile
 * @param errors failed commands, refused opens, give-ups so far
 * @param breaks {@code +MQTTBREAK} reports so far
 * @param reconnects breaks followed by a successful open so far
 * @param published publishes confirmed so far
 * @param probeReceived probe messages devices received so far
 */
public record Progress(double elapsedSeconds, int target, int started, int connected, double messagesPerSecond,
                       double p50Millis, double p99Millis, long errors, long breaks, long reconnects, long published,
                       long probeReceived) {

    /** {@code 12s  connected 980/1000  msgs/s 98  p50 1.2 ms  p99 4.0 ms  breaks 0  errors 0}. */
    public String line() {
        return String.format(java.util.Locale.ROOT, "%4.0fs  connected %d/%d  msgs/s %.0f  p50 %.1f ms  p99 %.1f ms  breaks %d  errors %d",
                elapsedSeconds, connected, target, messagesPerSecond, p50Millis, p99Millis, breaks, errors);
    }
}
