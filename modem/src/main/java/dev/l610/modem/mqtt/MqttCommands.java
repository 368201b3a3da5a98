package dev.l610.modem.mqtt;

import dev.l610.at.AtCommand;
import dev.l610.at.AtParam;
import dev.l610.at.CmeError;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.command.CommandRegistry;
import dev.l610.modem.command.ErrorStyle;
import dev.l610.modem.command.Outcome;
import dev.l610.modem.command.ParamException;
import dev.l610.modem.command.Params;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The MQTT AT commands of the L610 manual §1, with the formats of docs/at-reference.md §3. Each handler checks
 * its parameters (+CME ERROR: 50 or ERROR, as the manual's table says), checks the client's state
 * (+CME ERROR: 3 or ERROR), answers OK and leaves the outcome to {@link MqttService}.
 */
public final class MqttCommands {

    /** docs/at-reference.md §3 limits. */
    static final int MAX_TOPIC = 255;
    static final int MAX_PAYLOAD = 1024;
    static final int MAX_USER = 128;
    static final int MAX_CLIENT_ID = 23;
    static final int MAX_HOST = 255;

    private final MqttService service;
    private final ModemConfig config;
    /** The SIM's restriction now (null: none); every MQTT command is "Pin Restricted: Yes" in the manual. */
    private final java.util.function.Supplier<CmeError> pinRestriction;

    public MqttCommands(MqttService service, ModemConfig config) {
        this(service, config, () -> null);
    }

    /** @param pinRestriction the error a PIN-restricted command answers now (10, 11, 12), or null when the SIM is ready */
    public MqttCommands(MqttService service, ModemConfig config, java.util.function.Supplier<CmeError> pinRestriction) {
        this.service = service;
        this.config = config;
        this.pinRestriction = pinRestriction;
    }

    public void register(CommandRegistry registry) {
        // docs/at-reference.md §5: until the SIM is ready every form but the test form answers the SIM's error
        // (+CME ERROR: 10/11/12; ERROR for the commands whose table says ERROR: the engine makes it plain)
        Registrar r = (name, style, h) -> registry.register(name, style, (c, ctx) -> {
            CmeError e = c.type() == dev.l610.at.CommandType.TEST ? null : pinRestriction.get();
            return e != null ? Outcome.cme(e) : h.handle(c, ctx);
        });
        r.register("+MQTTUSER", ErrorStyle.CME, (c, ctx) -> switch (c.type()) {
            case TEST -> Outcome.ok("+MQTTUSER: (1,2),128,128,23");
            case READ -> Outcome.ok(userLines());
            case SET -> user(c);
            default -> Outcome.cme(CmeError.INCORRECT_PARAMETERS);
        });
        r.register("+MQTTWILL", ErrorStyle.PLAIN, (c, ctx) -> switch (c.type()) {
            case TEST -> Outcome.ok("+MQTTWILL: (1,2,101,102),255,(0-2),(0,1),1024");
            case READ -> Outcome.ok(willLines());
            case SET -> will(c);
            default -> Outcome.error();
        });
        r.register("+MQTTOPEN", ErrorStyle.CME, (c, ctx) -> switch (c.type()) {
            case TEST -> Outcome.ok("+MQTTOPEN: (1,2,101,102),255,(1-65535),(0,1),(1-300)");
            case READ -> Outcome.ok(idLines("+MQTTOPEN", s -> s.state == ClientSlot.State.IDLE));
            case SET -> open(c);
            default -> Outcome.cme(CmeError.INCORRECT_PARAMETERS);
        });
        r.register("+MQTTCLOSE", ErrorStyle.PLAIN, (c, ctx) -> switch (c.type()) {
            case TEST -> Outcome.ok("+MQTTCLOSE: (1,2,101,102)");
            case READ -> Outcome.ok(idLines("+MQTTCLOSE", ClientSlot::canClose));
            case SET -> close(c);
            default -> Outcome.error();
        });
        r.register("+MQTTSUB", ErrorStyle.PLAIN, (c, ctx) -> switch (c.type()) {
            case TEST -> Outcome.ok("+MQTTSUB: (1,2,101,102),255,(0-2)");
            case SET -> subscribe(c);
            default -> Outcome.error();
        });
        r.register("+MQTTUNSUB", ErrorStyle.PLAIN, (c, ctx) -> switch (c.type()) {
            case TEST -> Outcome.ok("+MQTTUNSUB: (1,2,101,102),255");
            case SET -> unsubscribe(c);
            default -> Outcome.error();
        });
        r.register("+MQTTPUB", ErrorStyle.PLAIN, (c, ctx) -> switch (c.type()) {
            case TEST -> Outcome.ok("+MQTTPUB: (1,2,101,102),255,(0-2),(0,1),1024");
            case SET -> publish(c);
            default -> Outcome.error();
        });
        r.register("+MQTTCONF", ErrorStyle.CME, (c, ctx) -> switch (c.type()) {
            case TEST -> Outcome.ok("+MQTTCONF: (0,1)");
            case READ -> Outcome.ok("+MQTTCONF: " + service.mode());
            case SET -> {
                Params.count(c, 1, 1);
                service.mode(Params.integer(c.param(0), 0, 1, "mode"));
                yield Outcome.ok();
            }
            default -> Outcome.cme(CmeError.INCORRECT_PARAMETERS);
        });
        r.register("+MQTTREAD", ErrorStyle.CME, (c, ctx) -> switch (c.type()) {
            case TEST -> Outcome.ok("+MQTTREAD: (1,2,101,102)");
            case SET -> {
                Params.count(c, 1, 1);
                yield Outcome.ok(service.read(slot(c.param(0))));
            }
            default -> Outcome.cme(CmeError.INCORRECT_PARAMETERS);
        });
    }

    @FunctionalInterface
    private interface Registrar {
        void register(String name, ErrorStyle style, dev.l610.modem.command.CommandHandler handler);
    }

    private ClientSlot slot(AtParam p) {
        return service.slot(Params.oneOf(p, "client id", MqttService.IDS));
    }

    private List<String> idLines(String prefix, java.util.function.Predicate<ClientSlot> which) {
        List<String> lines = new ArrayList<>();
        for (ClientSlot s : service.slots()) {
            if (which.test(s)) {
                lines.add(prefix + ": " + s.id);
            }
        }
        return lines.isEmpty() ? List.of(prefix + ": 0") : lines;
    }

    // ---- +MQTTUSER=<id>,"<user>","<pwd>"[,"<clientid>"]

    private Outcome user(AtCommand c) {
        Params.count(c, 3, 4);
        ClientSlot s = service.slot(Params.oneOf(c.param(0), "client id", 1, 2));
        String user = Params.printable(Params.string(c.param(1), 0, MAX_USER, "user name"), "user name");
        String pwd = Params.printable(Params.string(c.param(2), 0, MAX_USER, "password"), "password");
        String id = c.param(3).isEmpty() ? "" : Params.printable(Params.string(c.param(3), 0, MAX_CLIENT_ID, "client id"), "client id");
        s.user = user;
        s.password = pwd;
        s.clientIdText = id;
        return Outcome.ok();
    }

    private List<String> userLines() {
        List<String> lines = new ArrayList<>();
        for (ClientSlot s : service.slots()) {
            if (s.user != null) {
                lines.add("+MQTTUSER: " + s.id + ",\"" + s.user + "\",\"" + s.password + "\",\"" + effectiveClientId(s) + "\"");
            }
        }
        return lines;
    }

    private String effectiveClientId(ClientSlot s) {
        return s.clientIdText == null || s.clientIdText.isEmpty() ? config.imei() : s.clientIdText;
    }

    // ---- +MQTTWILL=<id>,"<topic>",<qos>,<retain>,"<payload>"|<datasize>   (=<id> alone clears it)

    private Outcome will(AtCommand c) {
        Params.count(c, 1, 5);
        ClientSlot s = slot(c.param(0));
        if (c.params().size() == 1) {
            s.will = null;
            return Outcome.ok();
        }
        Params.count(c, 5, 5);
        String topic = Params.printable(Params.string(c.param(1), 1, MAX_TOPIC, "will topic"), "will topic");
        if (topic.contains("+") || topic.contains("#")) {
            throw new ParamException("a will topic cannot hold wildcards");
        }
        int qos = Params.integer(c.param(2), 0, 2, "qos");
        boolean retain = Params.integer(c.param(3), 0, 1, "retain") == 1;
        return withPayload(c.param(4), payload -> {
            s.will = new Will(topic, qos, retain, payload);
            return Outcome.ok();
        });
    }

    private List<String> willLines() {
        List<String> lines = new ArrayList<>();
        for (ClientSlot s : service.slots()) {
            Will w = s.will;
            if (w != null) {
                lines.add("+MQTTWILL: " + s.id + ",\"" + w.topic() + "\"," + w.qos() + "," + (w.retain() ? 1 : 0) + ",\""
                        + new String(w.payload(), StandardCharsets.ISO_8859_1) + "\"");
            }
        }
        return lines;
    }

    /** A quoted payload (0..1024 bytes), or an unquoted datasize (1..1024) read in data mode. */
    private static Outcome withPayload(AtParam p, Function<byte[], Outcome> then) {
        if (p.quoted()) {
            String text = Params.string(p, 0, MAX_PAYLOAD, "payload"); // binary payloads take the '>' form
            return then.apply(text.getBytes(StandardCharsets.ISO_8859_1));
        }
        int size = Params.integer(p, 1, MAX_PAYLOAD, "datasize");
        return new Outcome.NeedData(size, then::apply);
    }

    // ---- +MQTTOPEN=<id>,"<host>",<port>,<clean>,<keepalive>[,<tls>]

    private Outcome open(AtCommand c) {
        Params.count(c, 5, 6);
        ClientSlot s = slot(c.param(0));
        String host = Params.printable(Params.string(c.param(1), 1, MAX_HOST, "host"), "host").trim();
        if (host.isEmpty()) {
            throw new ParamException("host is blank");
        }
        int port = Params.integer(c.param(2), 1, 65535, "port");
        boolean clean = Params.integer(c.param(3), 0, 1, "clean session") == 1;
        int keepalive = Params.integer(c.param(4), 1, 300, "keepalive");
        // 0 TCP, 2 TLS (manual's later revision); 1 is taken as TLS too, as a real host driver sends it
        int tls = c.param(5).isEmpty() ? 0 : Params.oneOf(c.param(5), "tls", 0, 1, 2);
        if (s.isSn() && tls != 0) {
            throw new ParamException("MQTT-SN runs over UDP: no TLS");
        }
        if (s.state != ClientSlot.State.IDLE) {
            return Outcome.cme(CmeError.OPERATION_NOT_ALLOWED);
        }
        if (!service.network().registered()) {
            return Outcome.cme(CmeError.NO_NETWORK_SERVICE);
        }
        if (!service.network().contextUp()) {
            return Outcome.cme(CmeError.OPERATION_NOT_ALLOWED);
        }
        String user = s.isSn() ? null : s.user;
        String pwd = s.isSn() ? null : s.password;
        service.open(s, new OpenParams(host, port, clean, keepalive, tls != 0, effectiveClientId(s), user, pwd, s.will));
        return Outcome.ok();
    }

    // ---- +MQTTCLOSE=<id>

    private Outcome close(AtCommand c) {
        Params.count(c, 1, 1);
        ClientSlot s = slot(c.param(0));
        if (!s.canClose()) {
            return Outcome.error();
        }
        service.close(s);
        return Outcome.ok();
    }

    // ---- +MQTTSUB=<id>,<topic|topic id>,<qos>   +MQTTUNSUB=<id>,<topic|topic id>

    private Outcome subscribe(AtCommand c) {
        Params.count(c, 3, 3);
        ClientSlot s = slot(c.param(0));
        Topic topic = topic(s, c.param(1), true);
        int qos = Params.integer(c.param(2), 0, 2, "qos");
        if (s.state != ClientSlot.State.OPEN) {
            return Outcome.error();
        }
        service.outcome(s, "+MQTTSUB", s.session.subscribe(topic, qos), null);
        return Outcome.ok();
    }

    private Outcome unsubscribe(AtCommand c) {
        Params.count(c, 2, 2);
        ClientSlot s = slot(c.param(0));
        Topic topic = topic(s, c.param(1), true);
        if (s.state != ClientSlot.State.OPEN) {
            return Outcome.error();
        }
        service.outcome(s, "+MQTTUNSUB", s.session.unsubscribe(topic), null);
        return Outcome.ok();
    }

    // ---- +MQTTPUB=<id>,<topic|topic id>,<qos>,<retain>,"<payload>"|<datasize>

    private Outcome publish(AtCommand c) {
        Params.count(c, 5, 5);
        ClientSlot s = slot(c.param(0));
        Topic topic = topic(s, c.param(1), false);
        int qos = Params.integer(c.param(2), 0, 2, "qos");
        boolean retain = Params.integer(c.param(3), 0, 1, "retain") == 1;
        if (!c.param(4).quoted()) {
            Params.integer(c.param(4), 1, MAX_PAYLOAD, "datasize");
        }
        if (s.state != ClientSlot.State.OPEN) {
            return Outcome.error();
        }
        return withPayload(c.param(4), payload -> {
            if (s.state != ClientSlot.State.OPEN) {
                return Outcome.error(); // the client broke while the data block was coming
            }
            service.outcome(s, "+MQTTPUB", s.session.publish(topic, qos, retain, payload), () -> s.messagesOut++);
            return Outcome.ok();
        });
    }

    /** MQTT 3.1.1 §4.7.1: '#' only as the whole last level, '+' only as a whole level. */
    static boolean validFilter(String filter) {
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.contains("#") && (!l.equals("#") || i != levels.length - 1)) {
                return false;
            }
            if (l.contains("+") && !l.equals("+")) {
                return false;
            }
        }
        return true;
    }

    /**
     * docs/at-reference.md §3-4: ids 1/2 take a quoted topic name; ids 101/102 also an unquoted integer (predefined
     * topic id 1..65535) or a 2-character string (short topic).
     */
    static Topic topic(ClientSlot s, AtParam p, boolean filter) {
        if (!p.quoted()) {
            if (!s.isSn()) {
                throw new ParamException("clients 1 and 2 take a quoted topic");
            }
            return new Topic.Predefined(Params.integer(p, 1, 65535, "topic id"));
        }
        String t = Params.printable(Params.string(p, 1, MAX_TOPIC, "topic"), "topic");
        if (!filter && (t.contains("+") || t.contains("#"))) {
            throw new ParamException("a publish topic cannot hold wildcards");
        }
        if (filter && !validFilter(t)) {
            throw new ParamException("'#' must be the last level and '+' a whole level (MQTT 3.1.1 §4.7.1)");
        }
        if (s.isSn() && t.length() == 2) {
            return new Topic.Short(t);
        }
        return new Topic.Name(t);
    }
}
