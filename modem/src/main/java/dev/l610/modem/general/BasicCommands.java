package dev.l610.modem.general;

import dev.l610.at.AtCommand;
import dev.l610.at.AtSettings;
import dev.l610.at.CommandType;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.command.CommandContext;
import dev.l610.modem.command.CommandRegistry;
import dev.l610.modem.command.ErrorStyle;
import dev.l610.modem.command.Outcome;
import dev.l610.modem.command.ParamException;
import dev.l610.modem.command.Params;

/**
 * V.250 basic commands: E, V, Q, Z, &amp;F, I and the S-registers 3, 4, 5. A basic command with a value
 * it does not know (ATE2) answers ERROR, as V.250 §5.6 asks.
 */
public final class BasicCommands {

    private final ModemConfig config;
    private final Runnable onReset;

    /** @param onReset what else ATZ / AT&amp;F restore beside the V.250 settings */
    public BasicCommands(ModemConfig config, Runnable onReset) {
        this.config = config;
        this.onReset = onReset;
    }

    public void register(CommandRegistry r) {
        r.register("E", ErrorStyle.PLAIN, (c, ctx) -> flag(c, v -> ctx.settings().echo(v)));
        r.register("V", ErrorStyle.PLAIN, (c, ctx) -> flag(c, v -> ctx.settings().verbose(v)));
        r.register("Q", ErrorStyle.PLAIN, (c, ctx) -> flag(c, v -> ctx.settings().quiet(v)));
        r.register("Z", ErrorStyle.PLAIN, this::reset);
        r.register("&F", ErrorStyle.PLAIN, this::reset);
        r.register("I", ErrorStyle.PLAIN, (c, ctx) -> Outcome.ok("Fibocom", "L610", "Revision: " + config.firmware()));
        for (int n : new int[] {3, 4, 5}) {
            r.register("S" + n, ErrorStyle.PLAIN, (c, ctx) -> sRegister(n, c, ctx.settings()));
        }
    }

    private static Outcome flag(AtCommand c, java.util.function.Consumer<Boolean> set) {
        switch (c.digits()) {
            case "", "0" -> set.accept(false);
            case "1" -> set.accept(true);
            default -> {
                return Outcome.error();
            }
        }
        return Outcome.ok();
    }

    private Outcome reset(AtCommand c, CommandContext ctx) {
        if (!c.digits().isEmpty() && !c.digits().equals("0")) {
            return Outcome.error();
        }
        ctx.settings().reset();
        onReset.run();
        return Outcome.ok();
    }

    private static Outcome sRegister(int n, AtCommand c, AtSettings s) {
        if (c.type() == CommandType.READ) {
            int v = n == 3 ? s.s3() : n == 4 ? s.s4() : s.s5();
            return Outcome.ok(String.format("%03d", v));
        }
        if (c.type() == CommandType.TEST) {
            return Outcome.ok("S" + n + ": (0-127)");
        }
        int v;
        try {
            v = Params.integer(c.param(0), 0, 127, "S" + n);
        } catch (ParamException e) {
            return Outcome.error();
        }
        switch (n) {
            case 3 -> s.s3(v);
            case 4 -> s.s4(v);
            default -> s.s5(v);
        }
        return Outcome.ok();
    }
}
