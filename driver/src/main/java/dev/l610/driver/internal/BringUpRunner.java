package dev.l610.driver.internal;

import dev.l610.driver.AtCommandException;
import dev.l610.driver.AtTimeoutException;
import dev.l610.driver.BringUpException;
import dev.l610.driver.BringUpOptions;
import dev.l610.driver.L610Exception;
import dev.l610.driver.LinkClosedException;
import dev.l610.driver.ModemInfo;
import dev.l610.driver.Registration;
import dev.l610.driver.RegistrationKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The bring-up sequence of docs/real-hosts.md, blocking, on a helper thread. Polled steps tolerate
 * {@code ERROR}/{@code +CME ERROR} and timeouts of single polls until their deadline; a closed link ends
 * everything at once.
 */
final class BringUpRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BringUpRunner.class);
    private static final RegistrationKind[] ORDER = {RegistrationKind.EPS, RegistrationKind.PS, RegistrationKind.CS};

    private final ModemImpl modem;
    private final CommandChannel channel;
    private final BringUpOptions options;

    BringUpRunner(ModemImpl modem, CommandChannel channel, BringUpOptions options) {
        this.modem = modem;
        this.channel = channel;
        this.options = options;
    }

    ModemInfo run() {
        Futures.await(channel.send("ATE0"));
        Futures.await(channel.send("AT+CMEE=1"));
        poll("sim", options.simTimeout(), () -> Futures.await(modem.simStatus()).toUpperCase(Locale.ROOT).contains("READY") ? "READY" : null);
        Registration reg = poll("registration", options.registrationTimeout(), this::registered);
        poll("attach", options.attachTimeout(), () -> Futures.await(modem.attached()) ? Boolean.TRUE : null);
        String ip = null;
        if (options.dataCall()) {
            Optional<String> up = Futures.await(modem.dataCallAddress());
            try {
                ip = up.isPresent() ? up.get() : Futures.await(modem.startDataCall(options.apn()));
            } catch (LinkClosedException e) {
                throw e;
            } catch (L610Exception e) {
                throw new BringUpException("data call", e.getMessage(), e);
            }
        }
        ModemInfo info = new ModemInfo(Futures.await(modem.identity()), Futures.await(modem.signal()), reg, ip);
        LOG.info("modem up: {}", info);
        return info;
    }

    /** The first registration query that says registered, or null. */
    private Registration registered() {
        AtCommandException rejected = null;
        for (RegistrationKind k : ORDER) {
            try {
                Registration r = Futures.await(modem.registration(k));
                if (r.isRegistered()) {
                    return r;
                }
            } catch (AtCommandException e) {
                rejected = e;
            }
        }
        if (rejected != null) {
            LOG.debug("registration query rejected: {}", rejected.getMessage());
        }
        return null;
    }

    /** Repeats {@code attempt} until it returns non-null or the deadline passes. */
    private <T> T poll(String step, Duration timeout, Supplier<T> attempt) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                T v = attempt.get();
                if (v != null) {
                    return v;
                }
            } catch (AtCommandException | AtTimeoutException e) {
                last = e;
                LOG.debug("bring-up {}: {}", step, e.getMessage());
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new BringUpException(step, "not reached within " + timeout.toMillis() + " ms"
                        + (last == null ? "" : " (last failure: " + last.getMessage() + ")"), last);
            }
            try {
                Thread.sleep(options.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BringUpException(step, "interrupted", e);
            }
        }
    }
}
