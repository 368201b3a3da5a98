package dev.l610.driver;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The general commands a host sends before MQTT (docs/at-reference.md §2), typed.
 *
 * <p>Unless said otherwise each future completes normally with the parsed answer on {@code OK};
 * exceptionally with {@link AtCommandException} on {@code ERROR}/{@code +CME ERROR}, with
 * {@link AtTimeoutException} when no final result comes within the command timeout, with
 * {@link LinkClosedException} when the link is or goes down, and with {@link L610Exception} when the
 * answer lacks the expected line.
 */
public interface Modem {

    /** {@code ATI} (manufacturer, model; {@code AT+CGMI}/{@code AT+CGMM} when ATI says less), {@code AT+CGMR}, {@code AT+CGSN}. */
    CompletableFuture<Identity> identity();

    /** {@code AT+CGSN}: the IMEI, a bare line on the L610 ({@code +CGSN: "..."} accepted too). */
    CompletableFuture<String> imei();

    /** {@code AT+CGMR}: the firmware revision. */
    CompletableFuture<String> firmware();

    /** {@code AT+CSQ}. */
    CompletableFuture<Signal> signal();

    /** {@code AT+CPIN?}: {@code READY}, {@code SIM PIN}, ... */
    CompletableFuture<String> simStatus();

    /** {@code AT+CREG?}, {@code AT+CGREG?} or {@code AT+CEREG?}. */
    CompletableFuture<Registration> registration(RegistrationKind kind);

    /** {@code AT+CGATT?}: true when attached to the packet domain. */
    CompletableFuture<Boolean> attached();

    /** {@code AT+MIPCALL?}: the data call's address, or empty when none is up. */
    CompletableFuture<Optional<String>> dataCallAddress();

    /**
     * {@code AT+MIPCALL=1[,"<apn>"]}, then waits for the {@code +MIPCALL: <ip>} URC (within
     * {@link Timeouts#dataCall()}). Completes with the address; exceptionally with {@link L610Exception}
     * on {@code +MIPCALL: 0}, {@link AtTimeoutException} when no URC comes, and as above for the command.
     */
    CompletableFuture<String> startDataCall(String apnOrNull);

    /** {@code AT+MIPCALL=0}: completes on {@code OK} (open MQTT clients then break with cause 2). */
    CompletableFuture<Void> stopDataCall();

    /** {@code ATE1} / {@code ATE0}. */
    CompletableFuture<Void> echo(boolean on);

    /** {@code AT+CMEE=<mode>}: 0 plain ERROR, 1 numeric codes, 2 verbose texts (the driver reads all three). */
    CompletableFuture<Void> errorMode(int mode);

    /**
     * Brings the modem up the way real hosts do: {@code ATE0}, {@code AT+CMEE=1}, {@code AT+CPIN?} until
     * READY, {@code AT+CEREG?}/{@code AT+CGREG?}/{@code AT+CREG?} until stat 1 or 5, {@code AT+CGATT?}
     * until 1, optionally {@code AT+MIPCALL?}/{@code AT+MIPCALL=1}, then identity and signal. Polls
     * repeat after {@link BringUpOptions#pollInterval()}; answers {@code ERROR} while polling are tolerated.
     *
     * @return a future that completes with what was found; exceptionally with {@link BringUpException}
     *     when a polled step misses its deadline (its cause is the last failure, if any), with
     *     {@link LinkClosedException} when the link goes down, or with the failure of a step that is not
     *     polled ({@link AtCommandException}, {@link AtTimeoutException}, {@link L610Exception})
     */
    CompletableFuture<ModemInfo> bringUp(BringUpOptions options);
}
