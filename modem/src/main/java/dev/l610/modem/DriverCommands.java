package dev.l610.modem;

import dev.l610.at.AtCommand;
import dev.l610.at.CmeError;
import dev.l610.modem.command.CommandRegistry;
import dev.l610.modem.command.ErrorStyle;
import dev.l610.modem.command.Outcome;
import dev.l610.modem.command.Params;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Commands that public L610 host drivers send at bring-up beside those of the MQTT manual
 * (docs/at-reference.md §9, with the evidence): {@code +MIPDNS}, {@code +GTWAKE}, {@code S24}.
 */
final class DriverCommands {

    private final NetworkState net;
    private final Function<String, CompletableFuture<InetAddress>> resolver;
    private final Executor loop;
    private int wakeMode;
    private int wakeIndication = 2;
    private int s24;

    DriverCommands(ModemConfig config, NetworkState net, Function<String, CompletableFuture<InetAddress>> resolver,
                   Consumer<String> urc, Executor loop) {
        this.net = net;
        this.resolver = resolver;
        this.loop = loop;
    }

    void register(CommandRegistry r) {
        r.register("+MIPDNS", ErrorStyle.CME, (c, ctx) -> switch (c.type()) {
            case TEST -> Outcome.ok("+MIPDNS: 255,(0-2)");
            case SET -> dns(c);
            default -> Outcome.cme(CmeError.INCORRECT_PARAMETERS);
        });
        // sleep (RT-Thread's L610 driver: AT+GTWAKE=1,2 to allow sleep, AT+GTWAKE=0,2 to wake): accepted, the
        // virtual modem never sleeps
        r.register("+GTWAKE", ErrorStyle.CME, (c, ctx) -> switch (c.type()) {
            case READ -> Outcome.ok("+GTWAKE: " + wakeMode + "," + wakeIndication);
            case TEST -> Outcome.ok("+GTWAKE: (0,1),(0-2)");
            case SET -> {
                Params.count(c, 1, 2);
                wakeMode = Params.integer(c.param(0), 0, 1, "mode");
                wakeIndication = Params.integer(c.param(1), 0, 2, wakeIndication, "indication");
                yield Outcome.ok();
            }
            default -> Outcome.cme(CmeError.INCORRECT_PARAMETERS);
        });
        // S24: sleep after N seconds idle (the same driver sends ATS24=1 for deep sleep); kept, never sleeps
        r.register("S24", ErrorStyle.PLAIN, (c, ctx) -> switch (c.type()) {
            case READ -> Outcome.ok(String.format("%03d", s24));
            case TEST -> Outcome.ok("S24: (0-255)");
            default -> {
                try {
                    s24 = Params.integer(c.param(0), 0, 255, "S24");
                    yield Outcome.ok();
                } catch (dev.l610.modem.command.ParamException e) {
                    yield Outcome.error();
                }
            }
        });
    }

    /** A reset: power-up values. */
    void powerReset() {
        wakeMode = 0;
        wakeIndication = 2;
        s24 = 0;
    }

    /**
     * {@code AT+MIPDNS="<host>"[,<type>]} (type 0 IPv4, 1 IPv6, 2 either): after the look-up,
     * {@code +MIPDNS: <host>,<ip>} then OK; a name that does not resolve is {@code +CME ERROR: 100}; no data
     * context {@code +CME ERROR: 3}.
     */
    private Outcome dns(AtCommand c) {
        Params.count(c, 1, 2);
        String host = Params.printable(Params.string(c.param(0), 1, 255, "host"), "host");
        int type = Params.integer(c.param(1), 0, 2, 0, "type");
        if (!net.contextUp()) {
            return Outcome.cme(CmeError.OPERATION_NOT_ALLOWED);
        }
        CompletableFuture<Outcome.Done> answer = new CompletableFuture<>();
        resolver.apply(host).whenCompleteAsync((address, error) -> {
            if (error != null || address == null || (type == 0 && !(address instanceof Inet4Address))
                    || (type == 1 && !(address instanceof Inet6Address))) {
                answer.complete(new Outcome.Done(List.of(), dev.l610.at.FinalResult.cme(CmeError.UNKNOWN)));
            } else {
                answer.complete(new Outcome.Done(List.of("+MIPDNS: " + host + "," + address.getHostAddress()),
                        dev.l610.at.FinalResult.OK));
            }
        }, loop);
        return new Outcome.Later(answer);
    }
}
