package dev.l610.driver.internal;

import dev.l610.driver.AtCommandException;
import dev.l610.driver.AtRequest;
import dev.l610.driver.AtResponse;
import dev.l610.driver.AtTimeoutException;
import dev.l610.driver.BringUpOptions;
import dev.l610.driver.Identity;
import dev.l610.driver.L610Exception;
import dev.l610.driver.Modem;
import dev.l610.driver.ModemInfo;
import dev.l610.driver.Registration;
import dev.l610.driver.RegistrationKind;
import dev.l610.driver.Signal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** General commands, parsed tolerantly (prefix or bare line, quoted or not, blanks or not). */
public final class ModemImpl implements Modem {

    private final CommandChannel channel;
    private final UrcWaiters waiters;

    public ModemImpl(CommandChannel channel) {
        this.channel = channel;
        this.waiters = new UrcWaiters(channel.executors());
        channel.addHook(waiters);
    }

    @Override
    public CompletableFuture<Identity> identity() {
        return Futures.supply(channel.executors().blocking(), this::identityNow);
    }

    private Identity identityNow() {
        String manufacturer = null;
        String model = null;
        try {
            List<String> ati = Futures.await(channel.send("ATI")).lines();
            for (String l : ati) {
                String t = l.strip();
                if (startsWithLabel(t, "Manufacturer")) {
                    manufacturer = AtFields.afterPrefix(t);
                } else if (startsWithLabel(t, "Model")) {
                    model = AtFields.afterPrefix(t);
                } else if (!t.contains(":") && manufacturer == null) {
                    manufacturer = t;
                } else if (!t.contains(":") && model == null) {
                    model = t;
                }
            }
        } catch (AtCommandException e) {
            // some firmware answer ATI with ERROR: ask +CGMI / +CGMM below
        }
        if (manufacturer == null) {
            manufacturer = bare(Futures.await(channel.send("AT+CGMI")), "+CGMI");
        }
        if (model == null) {
            model = bare(Futures.await(channel.send("AT+CGMM")), "+CGMM");
        }
        return new Identity(manufacturer, model, Futures.await(firmware()), Futures.await(imei()));
    }

    private static boolean startsWithLabel(String line, String label) {
        return AtFields.hasPrefix(line, label);
    }

    @Override
    public CompletableFuture<String> imei() {
        return Futures.map(channel.send("AT+CGSN"), r -> bare(r, "+CGSN"));
    }

    @Override
    public CompletableFuture<String> firmware() {
        return Futures.map(channel.send("AT+CGMR"), r -> {
            String v = bare(r, "+CGMR");
            return AtFields.hasPrefix(v, "Revision") ? AtFields.afterPrefix(v) : v;
        });
    }

    /** The value of a bare-line answer, also accepted as {@code <prefix>: "value"}. */
    private static String bare(AtResponse r, String prefix) {
        String line = r.firstLine().orElseThrow(() -> new L610Exception(r.command() + " answered no value"));
        String v = AtFields.hasPrefix(line, prefix) ? AtFields.afterPrefix(line) : line;
        return AtFields.unquote(v.strip());
    }

    @Override
    public CompletableFuture<Signal> signal() {
        return Futures.map(channel.send("AT+CSQ"), r -> {
            List<String> f = required(r, "+CSQ");
            return new Signal(AtFields.intAt(f, 0, 99), AtFields.intAt(f, 1, 99));
        });
    }

    @Override
    public CompletableFuture<String> simStatus() {
        return Futures.map(channel.send("AT+CPIN?"), r -> String.join(",", required(r, "+CPIN")));
    }

    @Override
    public CompletableFuture<Registration> registration(RegistrationKind kind) {
        return Futures.map(channel.send("AT" + kind.command() + "?"), r -> {
            List<String> f = required(r, kind.command());
            return f.size() == 1 ? new Registration(kind, -1, AtFields.intAt(f, 0, -1))
                    : new Registration(kind, AtFields.intAt(f, 0, -1), AtFields.intAt(f, 1, -1));
        });
    }

    @Override
    public CompletableFuture<Boolean> attached() {
        return Futures.map(channel.send("AT+CGATT?"), r -> AtFields.intAt(required(r, "+CGATT"), 0, 0) == 1);
    }

    @Override
    public CompletableFuture<Optional<String>> dataCallAddress() {
        return Futures.map(channel.send("AT+MIPCALL?"), r -> {
            List<String> f = required(r, "+MIPCALL");
            return AtFields.intAt(f, 0, 0) == 1 && f.size() > 1 ? Optional.of(f.get(1)) : Optional.empty();
        });
    }

    @Override
    public CompletableFuture<String> startDataCall(String apnOrNull) {
        if (apnOrNull != null && apnOrNull.indexOf('"') >= 0) {
            throw new IllegalArgumentException("apn cannot hold '\"'");
        }
        String cmd = "AT+MIPCALL=1" + (apnOrNull == null ? "" : ",\"" + apnOrNull + "\"");
        CompletableFuture<String> urc;
        CompletableFuture<AtResponse> ok;
        synchronized (channel) {
            urc = waiters.await(l -> AtFields.hasPrefix(l, "+MIPCALL"));
            ok = channel.send(AtRequest.of(cmd).withTimeout(channel.timeouts().dataCall()));
        }
        ok.whenComplete((r, e) -> {
            if (e != null) {
                waiters.cancel(urc, Futures.unwrap(e));
            }
        });
        CompletableFuture<String> timed = new CompletableFuture<>();
        ScheduledFuture<?> timer = channel.executors().schedule(() -> waiters.cancel(urc,
                new AtTimeoutException(cmd, channel.timeouts().dataCall(), "+MIPCALL: <ip> URC")),
                channel.timeouts().dataCall());
        Futures.map(urc, line -> {
            String v = AtFields.afterPrefix(line).strip();
            if (v.equals("0") || v.isEmpty()) {
                throw new L610Exception(cmd + ": the data call failed (" + line + ")");
            }
            List<String> f = AtFields.split(v);
            return f.get(f.size() - 1);
        }).whenComplete((ip, e) -> {
            if (timer != null) {
                timer.cancel(false);
            }
            if (e != null) {
                timed.completeExceptionally(e);
            } else {
                timed.complete(ip);
            }
        });
        return timed;
    }

    @Override
    public CompletableFuture<Void> stopDataCall() {
        return Futures.map(channel.send("AT+MIPCALL=0"), r -> null);
    }

    @Override
    public CompletableFuture<Void> echo(boolean on) {
        return Futures.map(channel.send(on ? "ATE1" : "ATE0"), r -> null);
    }

    @Override
    public CompletableFuture<Void> errorMode(int mode) {
        if (mode < 0 || mode > 2) {
            throw new IllegalArgumentException("CMEE mode is 0..2, was " + mode);
        }
        return Futures.map(channel.send("AT+CMEE=" + mode), r -> null);
    }

    @Override
    public CompletableFuture<ModemInfo> bringUp(BringUpOptions options) {
        BringUpRunner runner = new BringUpRunner(this, channel, options);
        return Futures.supply(channel.executors().blocking(), runner::run);
    }

    private static List<String> required(AtResponse r, String prefix) {
        List<String> f = r.fields(prefix);
        if (f.isEmpty()) {
            throw new L610Exception(r.command() + " answered no " + prefix + " line: " + r.lines());
        }
        return f;
    }
}
