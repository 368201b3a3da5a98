package dev.l610.modem.general;

import dev.l610.at.AtCommand;
import dev.l610.at.CommandType;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.command.CommandRegistry;
import dev.l610.modem.command.ErrorStyle;
import dev.l610.modem.command.Outcome;

import java.util.function.Function;

/** Identity and SIM: +CGMI, +CGMM, +CGMR, +CGSN (and the V.250 +GMI/+GMM/+GMR/+GSN), +CIMI, +CCID, +CPIN. */
public final class IdentityCommands {

    private final ModemConfig config;
    private final dev.l610.modem.Sim sim;
    private final Runnable onSimReady;

    /** A modem whose SIM is always ready. */
    public IdentityCommands(ModemConfig config) {
        this(config, null, () -> { });
    }

    /** @param onSimReady runs when a PIN entered with AT+CPIN= makes the SIM ready ({@code +SIM READY}, registration) */
    public IdentityCommands(ModemConfig config, dev.l610.modem.Sim sim, Runnable onSimReady) {
        this.config = config;
        this.sim = sim;
        this.onSimReady = onSimReady;
    }

    public void register(CommandRegistry r) {
        for (String p : new String[] {"+C", "+"}) {
            r.register(p + "GMI", ErrorStyle.CME, actionOnly(c -> Outcome.ok("Fibocom")));
            r.register(p + "GMM", ErrorStyle.CME, actionOnly(c -> Outcome.ok("L610")));
            r.register(p + "GMR", ErrorStyle.CME, actionOnly(c -> Outcome.ok(config.firmware())));
        }
        r.register("+CGSN", ErrorStyle.CME, (c, ctx) -> imei(c));
        r.register("+GSN", ErrorStyle.CME, (c, ctx) -> imei(c));
        r.register("+CIMI", ErrorStyle.CME, actionOnly(c -> Outcome.ok(config.imsi())));
        r.register("+CCID", ErrorStyle.CME, (c, ctx) -> c.type() == CommandType.TEST ? Outcome.ok()
                : c.type() == CommandType.SET ? Outcome.error() : Outcome.ok("+CCID: " + config.iccid()));
        r.register("+CPIN", ErrorStyle.CME, (c, ctx) -> cpin(c));
    }

    /**
     * docs/at-reference.md §5: {@code AT+CPIN?} is READY, SIM PIN, SIM PUK, or +CME ERROR: 10 without a
     * SIM; {@code AT+CPIN="<pin>"} OK (then +SIM READY), 16 for a wrong PIN, 12 once blocked, 3 when no PIN is asked.
     */
    private Outcome cpin(AtCommand c) {
        dev.l610.modem.Sim.State state = sim == null ? dev.l610.modem.Sim.State.READY : sim.state();
        switch (c.type()) {
            case READ:
                return switch (state) {
                    case READY -> Outcome.ok("+CPIN: READY");
                    case SIM_PIN -> Outcome.ok("+CPIN: SIM PIN");
                    case SIM_PUK -> Outcome.ok("+CPIN: SIM PUK");
                    case ABSENT -> Outcome.cme(dev.l610.at.CmeError.SIM_NOT_INSERTED);
                };
            case TEST:
                return Outcome.ok();
            case SET:
                break;
            default:
                return Outcome.error();
        }
        dev.l610.modem.command.Params.count(c, 1, 2);
        if (c.param(0).isEmpty() || c.param(0).text().length() > 16) {
            throw new dev.l610.modem.command.ParamException("the PIN is 1..16 characters");
        }
        if (sim == null) {
            return Outcome.cme(dev.l610.at.CmeError.OPERATION_NOT_ALLOWED);
        }
        dev.l610.at.CmeError e = sim.enterPin(c.param(0).text());
        if (e != null) {
            return Outcome.cme(e);
        }
        onSimReady.run();
        return Outcome.ok();
    }

    /** docs/real-hosts.md: AT+CGSN answers the bare IMEI line; AT+CGSN? quotes it (docs/at-reference.md §2). */
    private Outcome imei(AtCommand c) {
        return switch (c.type()) {
            case ACTION -> Outcome.ok(config.imei());
            case READ -> Outcome.ok("+CGSN: \"" + config.imei() + "\"");
            case TEST -> Outcome.ok();
            case SET -> c.param(0).isInteger() && c.param(0).longValue() <= 1 && c.params().size() == 1
                    ? Outcome.ok(config.imei()) : Outcome.error();
        };
    }

    /** Action and test forms answer; read and set are errors. */
    private static dev.l610.modem.command.CommandHandler actionOnly(Function<AtCommand, Outcome> action) {
        return (c, ctx) -> switch (c.type()) {
            case ACTION -> action.apply(c);
            case TEST -> Outcome.ok();
            default -> Outcome.error();
        };
    }
}
