package dev.l610.modem.general;

import dev.l610.at.AtCommand;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.NetworkState;
import dev.l610.modem.command.CommandRegistry;
import dev.l610.modem.command.ErrorStyle;
import dev.l610.modem.command.Outcome;
import dev.l610.modem.command.ParamException;
import dev.l610.modem.command.Params;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PDP contexts (+CGDCONT), their addresses (+CGPADDR) and the clock (+CCLK). */
public final class ContextCommands {

    private record Context(String type, String apn) {
    }

    private static final Pattern CCLK = Pattern.compile("(\\d\\d)/(\\d\\d)/(\\d\\d),(\\d\\d):(\\d\\d):(\\d\\d)([+-]\\d\\d)");
    private static final DateTimeFormatter CCLK_OUT = DateTimeFormatter.ofPattern("yy/MM/dd,HH:mm:ss");

    private final NetworkState net;
    private final ModemConfig config;
    private final Map<Integer, Context> contexts = new TreeMap<>();
    /** AT+CCLK= moves the modem's clock by this much from the host's UTC clock. */
    private Duration clockOffset = Duration.ZERO;
    /** Time zone in quarter hours, as +CCLK writes it. */
    private int zoneQuarters;

    public ContextCommands(ModemConfig config, NetworkState net) {
        this.net = net;
        this.config = config;
        contexts.put(1, new Context("IP", config.apn()));
    }

    /** A reset: the contexts and the clock as at power-up. */
    public void powerReset() {
        contexts.clear();
        contexts.put(1, new Context("IP", config.apn()));
        clockOffset = Duration.ZERO;
        zoneQuarters = 0;
    }

    public void register(CommandRegistry r) {
        r.register("+CGDCONT", ErrorStyle.CME, (c, ctx) -> switch (c.type()) {
            case READ -> Outcome.ok(contextLines());
            case TEST -> Outcome.ok("+CGDCONT: (1-15),\"IP\",,,(0-2),(0-4)", "+CGDCONT: (1-15),\"IPV6\",,,(0-2),(0-4)",
                    "+CGDCONT: (1-15),\"IPV4V6\",,,(0-2),(0-4)");
            case SET -> defineContext(c);
            default -> Outcome.error();
        });
        r.register("+CGPADDR", ErrorStyle.CME, (c, ctx) -> switch (c.type()) {
            case ACTION -> Outcome.ok(addresses(new ArrayList<>(contexts.keySet())));
            case TEST -> Outcome.ok("+CGPADDR: " + contexts.keySet().toString().replace('[', '(').replace(']', ')').replace(" ", ""));
            case SET -> {
                List<Integer> cids = new ArrayList<>();
                for (int i = 0; i < c.params().size(); i++) {
                    int cid = Params.integer(c.param(i), 1, 15, "cid");
                    if (!contexts.containsKey(cid)) {
                        throw new ParamException("context " + cid + " is not defined");
                    }
                    cids.add(cid);
                }
                yield Outcome.ok(addresses(cids));
            }
            default -> Outcome.error();
        });
        r.register("+CCLK", ErrorStyle.CME, (c, ctx) -> switch (c.type()) {
            case READ -> Outcome.ok("+CCLK: \"" + clock() + "\"");
            case TEST -> Outcome.ok();
            case SET -> setClock(c);
            default -> Outcome.error();
        });
    }

    private List<String> contextLines() {
        List<String> lines = new ArrayList<>();
        contexts.forEach((cid, ctx) -> lines.add("+CGDCONT: " + cid + ",\"" + ctx.type() + "\",\"" + ctx.apn() + "\",\""
                + (cid == 1 ? net.ip() : "0.0.0.0") + "\",0,0"));
        return lines;
    }

    private Outcome defineContext(AtCommand c) {
        Params.count(c, 1, 6);
        int cid = Params.integer(c.param(0), 1, 15, "cid");
        if (c.params().size() == 1) {
            if (cid == 1) {
                throw new ParamException("context 1 carries MQTT and cannot be removed");
            }
            contexts.remove(cid);
            return Outcome.ok();
        }
        String type = Params.string(c.param(1), 1, 8, "PDP type").toUpperCase(java.util.Locale.ROOT);
        if (!type.equals("IP") && !type.equals("IPV6") && !type.equals("IPV4V6")) {
            throw new ParamException("PDP type must be IP, IPV6 or IPV4V6");
        }
        String apn = c.param(2).isEmpty() ? "" : Params.printable(Params.string(c.param(2), 0, 99, "APN"), "APN");
        contexts.put(cid, new Context(type, apn));
        return Outcome.ok();
    }

    private List<String> addresses(List<Integer> cids) {
        List<String> lines = new ArrayList<>();
        for (int cid : cids) {
            lines.add("+CGPADDR: " + cid + ",\"" + (cid == 1 ? net.ip() : "0.0.0.0") + "\"");
        }
        return lines;
    }

    private String clock() {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).plus(clockOffset).plusMinutes(15L * zoneQuarters);
        return now.format(CCLK_OUT) + String.format("%s%02d", zoneQuarters < 0 ? "-" : "+", Math.abs(zoneQuarters));
    }

    /** {@code AT+CCLK="yy/MM/dd,hh:mm:ss±zz"} (27.007 §8.15): local time and zone in quarter hours. */
    private Outcome setClock(AtCommand c) {
        Params.count(c, 1, 1);
        Matcher m = CCLK.matcher(Params.string(c.param(0), 20, 20, "time"));
        if (!m.matches()) {
            throw new ParamException("time must be \"yy/MM/dd,hh:mm:ss+zz\"");
        }
        int zone = Integer.parseInt(m.group(7));
        if (zone < -48 || zone > 56) {
            throw new ParamException("time zone out of range");
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.of(2000 + Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)));
        } catch (java.time.DateTimeException e) {
            throw new ParamException("not a valid date or time: " + e.getMessage());
        }
        LocalDateTime utc = local.minusMinutes(15L * zone);
        clockOffset = Duration.between(LocalDateTime.now(ZoneOffset.UTC), utc);
        zoneQuarters = zone;
        return Outcome.ok();
    }
}
