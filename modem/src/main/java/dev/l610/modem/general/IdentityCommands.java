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

    public IdentityCommands(ModemConfig config) {
        this.config = config;
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
        r.register("+CPIN", ErrorStyle.CME, (c, ctx) -> switch (c.type()) {
            case READ -> Outcome.ok("+CPIN: READY");
            case TEST -> Outcome.ok();
            // the SIM has no PIN: entering one is not allowed
            case SET -> Outcome.cme(dev.l610.at.CmeError.OPERATION_NOT_ALLOWED);
            default -> Outcome.error();
        });
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
