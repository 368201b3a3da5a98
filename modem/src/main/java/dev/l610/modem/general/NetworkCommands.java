package dev.l610.modem.general;

import dev.l610.at.AtCommand;
import dev.l610.at.CmeError;
import dev.l610.at.CommandType;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.NetworkState;
import dev.l610.modem.command.CommandRegistry;
import dev.l610.modem.command.ErrorStyle;
import dev.l610.modem.command.Outcome;
import dev.l610.modem.command.Params;

import java.util.function.Consumer;

/**
 * Network commands a host sends before MQTT (docs/at-reference.md §2): +CSQ, +CREG/+CGREG/+CEREG, +CGATT, +COPS,
 * +CFUN, +MIPCALL, +CMEE, +GTSET. They read and change {@link NetworkState}. PDP contexts, addresses and
 * the clock are in {@link ContextCommands}.
 */
public final class NetworkCommands {

    private final ModemConfig config;
    private final NetworkState net;
    private final Consumer<String> urc;
    /** +CREG / +CGREG / +CEREG unsolicited mode n (0..2), index 0, 1, 2. */
    private final int[] regMode = new int[3];
    private static final String[] REG = {"+CREG", "+CGREG", "+CEREG"};
    private int cfun = 1;
    private int iprfmt = 0;
    /** True while AT+MIPCALL itself writes the +MIPCALL URC, so the listener does not write it twice. */
    private boolean mipcallCommand;
    /** The default context of power-up has not come up yet: it comes without a +MIPCALL URC. */
    private boolean powerUpContext = true;
    /** AT+CFUN=1,1. */
    private Runnable reboot = () -> { };
    /** AT+MIPCALL=1: OK to +MIPCALL: &lt;ip&gt; (timing profile); with timers null, at once. */
    private java.util.function.Supplier<java.time.Duration> mipcallDelay = () -> java.time.Duration.ZERO;
    private java.util.concurrent.ScheduledExecutorService timers;
    /** Counts data calls; a pending activation of an older one is dropped. */
    private long mipcallAttempt;

    public NetworkCommands(ModemConfig config, NetworkState net, Consumer<String> urc) {
        this.config = config;
        this.net = net;
        this.urc = urc;
        net.addListener(this::onChange);
    }

    /** What AT+CFUN=1,1 does after its OK: the modem reboots. */
    public NetworkCommands onReboot(Runnable r) {
        reboot = r;
        return this;
    }

    /** The delay of AT+MIPCALL=1 (drawn per call), on the modem's loop. */
    public NetworkCommands mipcallDelay(java.util.concurrent.ScheduledExecutorService t, java.util.function.Supplier<java.time.Duration> d) {
        timers = t;
        mipcallDelay = d;
        return this;
    }

    public void register(CommandRegistry r) {
        r.register("+CSQ", ErrorStyle.CME, (c, ctx) -> switch (c.type()) {
            // the read form answers the same: three public Fibocom host drivers send AT+CSQ? and parse this line
            case ACTION, READ -> Outcome.ok("+CSQ: " + net.rssi() + ",99");
            case TEST -> Outcome.ok("+CSQ: (0-31,99),(0-7,99)");
            default -> Outcome.error();
        });
        for (int i = 0; i < REG.length; i++) {
            int idx = i;
            r.register(REG[i], ErrorStyle.CME, (c, ctx) -> registration(idx, c));
        }
        r.register("+CGATT", ErrorStyle.CME, (c, ctx) -> switch (c.type()) {
            case READ -> Outcome.ok("+CGATT: " + (net.attached() ? 1 : 0));
            case TEST -> Outcome.ok("+CGATT: (0,1)");
            case SET -> net.setAttached(Params.integer(c.param(0), 0, 1, "state") == 1)
                    ? Outcome.ok() : Outcome.cme(CmeError.NO_NETWORK_SERVICE);
            default -> Outcome.error();
        });
        r.register("+COPS", ErrorStyle.CME, (c, ctx) -> switch (c.type()) {
            case READ -> Outcome.ok(net.registered() ? "+COPS: 0,0,\"" + config.operator() + "\",7" : "+COPS: 0");
            case TEST -> Outcome.ok("+COPS: (2,\"" + config.operator() + "\",\"" + config.operator() + "\",\""
                    + config.imsi().substring(0, 5) + "\",7),,(0-4),(0-2)");
            case SET -> {
                Params.integer(c.param(0), 0, 4, "mode");
                yield Outcome.ok();
            }
            default -> Outcome.error();
        });
        r.register("+CFUN", ErrorStyle.CME, (c, ctx) -> switch (c.type()) {
            case READ -> Outcome.ok("+CFUN: " + cfun);
            case TEST -> Outcome.ok("+CFUN: (0,1,4),(0,1)");
            case SET -> {
                int fun = Params.oneOf(c.param(0), "fun", 0, 1, 4);
                if (Params.integer(c.param(1), 0, 1, 0, "rst") == 1) {
                    reboot.run(); // docs/at-reference.md §5: OK, then the modem resets (it runs after this answer)
                    yield Outcome.ok();
                }
                cfun = fun;
                net.setRadio(cfun == 1);
                yield Outcome.ok();
            }
            default -> Outcome.error();
        });
        r.register("+MIPCALL", ErrorStyle.CME, (c, ctx) -> mipcall(c));
        r.register("+CMEE", ErrorStyle.CME, (c, ctx) -> switch (c.type()) {
            case READ -> Outcome.ok("+CMEE: " + ctx.settings().cmee());
            case TEST -> Outcome.ok("+CMEE: (0-2)");
            case SET -> {
                Params.count(c, 1, 1);
                ctx.settings().cmee(Params.integer(c.param(0), 0, 2, "n"));
                yield Outcome.ok();
            }
            default -> Outcome.error();
        });
        r.register("+GTSET", ErrorStyle.CME, (c, ctx) -> switch (c.type()) {
            case READ -> Outcome.ok("+GTSET: \"IPRFMT\"," + iprfmt);
            case TEST -> Outcome.ok("+GTSET: \"IPRFMT\",(0-5)");
            case SET -> {
                String name = Params.string(c.param(0), 1, 32, "name");
                int v = Params.integer(c.param(1), 0, 255, "value");
                if (name.equalsIgnoreCase("IPRFMT")) {
                    iprfmt = v;
                }
                yield Outcome.ok();
            }
            default -> Outcome.error();
        });
    }

    /** Called by ATZ / AT&amp;F. */
    public void reset() {
        java.util.Arrays.fill(regMode, 0);
    }

    /** A reset: every setting back to power-up; the default context comes up again without a URC. */
    public void powerReset() {
        reset();
        cfun = 1;
        iprfmt = 0;
        powerUpContext = true;
        mipcallAttempt++;
    }

    private Outcome registration(int idx, AtCommand c) {
        return switch (c.type()) {
            case READ -> {
                String s = REG[idx] + ": " + regMode[idx] + "," + stat();
                yield Outcome.ok(regMode[idx] == 2 && net.registered() ? s + location(idx) : s);
            }
            case TEST -> Outcome.ok(REG[idx] + ": (0-2)");
            case SET -> {
                Params.count(c, 1, 1);
                regMode[idx] = Params.integer(c.param(0), 0, 2, "n");
                yield Outcome.ok();
            }
            default -> Outcome.error();
        };
    }

    private int stat() {
        return net.registered() ? 1 : 0;
    }

    private static String location(int idx) {
        return idx == 2 ? ",\"5A1F\",\"0C8B2D01\",7" : ",\"5A1F\",\"0C8B2D01\"";
    }

    /**
     * {@code AT+MIPCALL=1[,"apn"[,"user","pwd"]]}: OK, then {@code +MIPCALL: <ip>} (or {@code +MIPCALL: 0}
     * when the modem is not attached). {@code AT+MIPCALL=0}: OK, then {@code +MIPCALL: 0}.
     */
    private Outcome mipcall(AtCommand c) {
        switch (c.type()) {
            case READ:
                return Outcome.ok(net.contextUp() ? "+MIPCALL: 1," + net.ip() : "+MIPCALL: 0");
            case TEST:
                return Outcome.ok("+MIPCALL: (0-1)");
            case SET:
                break;
            default:
                return Outcome.error();
        }
        Params.count(c, 1, 4);
        int op = Params.integer(c.param(0), 0, 1, "operation");
        for (int i = 1; i < c.params().size(); i++) {
            if (!c.param(i).isEmpty()) {
                Params.string(c.param(i), 0, i == 1 ? 99 : 64, i == 1 ? "apn" : "user/password");
            }
        }
        powerUpContext = false;
        long attempt = ++mipcallAttempt;
        java.time.Duration delay = op == 1 && net.attached() && timers != null ? mipcallDelay.get() : java.time.Duration.ZERO;
        if (!delay.isZero()) {
            // the data call takes time: OK now, +MIPCALL: <ip> once the network gave the address
            timers.schedule(() -> {
                if (attempt == mipcallAttempt) {
                    mipcall(1);
                }
            }, delay.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            return Outcome.ok();
        }
        mipcall(op);
        return Outcome.ok();
    }

    private void mipcall(int op) {
        mipcallCommand = true;
        try {
            if (op == 0) {
                urc.accept("+MIPCALL: 0"); // before the +MQTTBREAK: <id>,2 that the context loss causes
                net.deactivateContext();
            } else if (net.activateContext()) {
                urc.accept("+MIPCALL: " + net.ip());
            } else {
                urc.accept("+MIPCALL: 0");
            }
        } finally {
            mipcallCommand = false;
        }
    }

    private void onChange(NetworkState s, NetworkState.Change change) {
        if (change == NetworkState.Change.REGISTRATION) {
            for (int i = 0; i < REG.length; i++) {
                if (regMode[i] > 0) {
                    urc.accept(REG[i] + ": " + stat() + (regMode[i] == 2 && s.registered() ? location(i) : ""));
                }
            }
        } else if (change == NetworkState.Change.CONTEXT && s.contextUp() && powerUpContext) {
            powerUpContext = false; // the default context of power-up: no URC, as a real L610 boots
        } else if (change == NetworkState.Change.CONTEXT && !mipcallCommand) {
            // the network took the context down or gave it back: tell the host as a real module does
            urc.accept(s.contextUp() ? "+MIPCALL: " + s.ip() : "+MIPCALL: 0");
        }
    }
}
