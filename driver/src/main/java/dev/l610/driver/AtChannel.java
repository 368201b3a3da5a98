package dev.l610.driver;

import java.util.concurrent.CompletableFuture;

/**
 * The command channel: sends one command line at a time (later ones wait in order) and matches its
 * answer. Thread-safe.
 *
 * <p>Which received lines belong to the pending command: the echo of the command (skipped, whether echo
 * is on or off); lines starting with the command's own prefix ({@code +CSQ:} for {@code AT+CSQ}); and for
 * commands that answer bare lines ({@code ATI}, {@code AT+CGMI/CGMM/CGMR/CGSN}, {@code AT+CIMI},
 * {@code AT+CCID}) lines not starting with {@code +}. The set forms of the asynchronous MQTT commands and
 * of {@code +MIPCALL} take no information lines. Every other line, even one arriving between a command
 * and its result, is a URC. {@code +MQTTMSG}, {@code +MQTTMSGI}, {@code +MQTTBREAK}, outcome lines
 * {@code +MQTTxxx: <id>,<status>} and {@code +CME ERROR: 700..704} are always URCs. Lines may end in
 * CR LF, LF or CR; blank lines are ignored.
 */
public interface AtChannel {

    /**
     * Sends a command line, e.g. {@code AT+CSQ}.
     *
     * @return a future that completes
     *     <ul>
     *     <li>normally with the {@link AtResponse} when the final result is {@code OK};</li>
     *     <li>exceptionally with {@link AtCommandException} on {@code ERROR} or {@code +CME ERROR};</li>
     *     <li>exceptionally with {@link AtTimeoutException} when no final result came in time (the
     *     command is not retried; the next one is sent);</li>
     *     <li>exceptionally with {@link LinkClosedException} when the link is or goes down first.</li>
     *     </ul>
     * @throws IllegalArgumentException when the text is not a command line (see {@link AtRequest})
     */
    CompletableFuture<AtResponse> send(String command);

    /** As {@link #send(String)}, with a timeout, a data block or information prefixes of its own. */
    CompletableFuture<AtResponse> send(AtRequest request);

    /** The echo state the driver knows: set by {@code ATE0}/{@code ATE1}/{@code ATZ} and learnt from answers. */
    boolean echo();

    /** Adds a listener for every URC line; see {@link UrcListener}. */
    void addUrcListener(UrcListener listener);

    void removeUrcListener(UrcListener listener);
}
