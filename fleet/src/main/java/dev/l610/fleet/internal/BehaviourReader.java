package dev.l610.fleet.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.l610.fleet.Behaviour;
import dev.l610.modem.TimingProfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a behaviour file: YAML, every key checked, every value in range, defaults for what is missing. */
public final class BehaviourReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private BehaviourReader() {
    }

    public static Behaviour read(Path file) throws IOException {
        try {
            return parse(Files.readString(file), file.getParent());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static Behaviour parse(String yaml) {
        return parse(yaml, null);
    }

    private static Behaviour parse(String yaml, Path dir) {
        JsonNode root;
        try {
            root = yaml.isBlank() ? YAML.createObjectNode() : YAML.readTree(yaml);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = YAML.createObjectNode();
        }
        Node r = new Node("", root, Set.of("timing", "bringUp", "mqtt", "subscribe", "publish", "reconnect", "ramp", "probe",
                "verify", "cellular", "seed"));
        Node b = r.child("bringUp", Set.of("registrationPoll", "registrationTimeout", "mipcall", "apn"));
        Behaviour.BringUp bringUp = new Behaviour.BringUp(b.duration("registrationPoll", "1s", false),
                b.duration("registrationTimeout", "180s", false), b.bool("mipcall", false), b.text("apn", null));
        Node m = r.child("mqtt", Set.of("client", "clientId", "user", "password", "keepAlive", "cleanSession", "storeMode"));
        int client = m.integer("client", 1, 1, 102);
        if (client != 1 && client != 2 && client != 101 && client != 102) {
            throw new IllegalArgumentException("mqtt.client is 1, 2 (MQTT) or 101, 102 (MQTT-SN), was " + client);
        }
        Behaviour.Mqtt mqtt = new Behaviour.Mqtt(client, m.text("clientId", "{imei}"), m.text("user", ""), m.text("password", ""),
                m.integer("keepAlive", 60, 1, 300), m.bool("cleanSession", true), m.bool("storeMode", false));
        List<Behaviour.Subscription> subs = new ArrayList<>();
        JsonNode s = root.path("subscribe");
        if (!s.isMissingNode() && !s.isNull()) {
            if (!s.isArray()) {
                throw new IllegalArgumentException("subscribe is a list of {topic, qos}");
            }
            for (int i = 0; i < s.size(); i++) {
                Node n = new Node("subscribe[" + i + "]", s.get(i), Set.of("topic", "qos"));
                subs.add(new Behaviour.Subscription(n.required("topic"), n.integer("qos", 1, 0, 2)));
            }
        }
        Node p = r.child("publish", Set.of("topic", "qos", "retain", "every", "jitter", "payload", "count"));
        Behaviour.Publish publish = new Behaviour.Publish(p.text("topic", "l610/fleet/{imei}/up"), p.integer("qos", 1, 0, 2),
                p.bool("retain", false), p.duration("every", "10s", true), p.duration("jitter", "0s", true),
                p.text("payload", "{\"imei\":\"{imei}\",\"seq\":{seq},\"ts\":{ts}}"), p.integer("count", 0, 0, Integer.MAX_VALUE));
        if (publish.jitter().compareTo(publish.every()) > 0) {
            throw new IllegalArgumentException("publish.jitter must not exceed publish.every");
        }
        if (!publish.every().isZero()) {
            Template.check("publish.topic", publish.topic(), false);
            Template.check("publish.payload", publish.payload(), true);
        }
        Node rc = r.child("reconnect", Set.of("tries", "backoff", "maxBackoff", "jitter"));
        Behaviour.Reconnect reconnect = new Behaviour.Reconnect(rc.integer("tries", 10, 1, 1_000_000), rc.duration("backoff", "1s", true),
                rc.duration("maxBackoff", "60s", true), rc.fraction("jitter", 0.2));
        Node ra = r.child("ramp", Set.of("rate"));
        Behaviour.Ramp ramp = new Behaviour.Ramp(ra.number("rate", 500, 0, 1e6));
        Node pr = r.child("probe", Set.of("every"));
        Behaviour.Probe probe = new Behaviour.Probe(pr.duration("every", "0s", true));
        if (!probe.every().isZero() && subs.isEmpty()) {
            throw new IllegalArgumentException("probe.every needs a subscription: the probe publishes to the first one");
        }
        Node c = r.child("cellular", Set.of("natIdleTimeout", "outage", "ipChange", "sleep", "signalDrift"));
        Behaviour.Outage outage = null;
        if (c.has("outage")) {
            Node o = c.child("outage", Set.of("at", "duration", "fraction"));
            outage = new Behaviour.Outage(o.duration("at", "30s", true), o.duration("duration", "10s", true), o.fraction("fraction", 0.1));
        }
        Behaviour.Sleep sleep = null;
        if (c.has("sleep")) {
            Node sl = c.child("sleep", Set.of("every", "duration"));
            sleep = new Behaviour.Sleep(sl.duration("every", "60s", false), sl.duration("duration", "30s", false));
        }
        Behaviour.Drift drift = null;
        if (c.has("signalDrift")) {
            Node dr = c.child("signalDrift", Set.of("every", "step"));
            drift = new Behaviour.Drift(dr.duration("every", "10s", false), dr.integer("step", 2, 1, 31));
        }
        Behaviour.Cellular cellular = new Behaviour.Cellular(c.duration("natIdleTimeout", "0s", true), outage, c.bool("ipChange", false),
                sleep, drift);
        return new Behaviour(timing(root.path("timing"), dir), bringUp, mqtt, List.copyOf(subs), publish, reconnect, ramp, probe,
                r.bool("verify", true), cellular, r.integer("seed", 1, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    /** {@code timing: cat1} or {@code timing: {cat1: 0.8, nbiot: 0.2}}; a name that is not shipped is a file. */
    private static Map<String, Double> timing(JsonNode t, Path dir) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (t.isMissingNode() || t.isNull()) {
            out.put("instant", 1.0);
        } else if (t.isTextual()) {
            out.put(profile(t.asText(), dir), 1.0);
        } else if (t.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNumber() || e.getValue().asDouble() < 0) {
                    throw new IllegalArgumentException("timing." + e.getKey() + " is a share (a number >= 0)");
                }
                out.put(profile(e.getKey(), dir), e.getValue().asDouble());
            }
            if (out.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
                throw new IllegalArgumentException("timing: the shares add up to 0");
            }
        } else {
            throw new IllegalArgumentException("timing is a profile (instant, cat1, nbiot, a file) or a map profile: share");
        }
        return out;
    }

    private static String profile(String name, Path dir) {
        if (TimingProfile.NAMES.contains(name)) {
            return name;
        }
        Path f = dir == null ? Path.of(name) : dir.resolve(name);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("timing profile '" + name + "' is not one of " + TimingProfile.NAMES + " nor a file");
        }
        try {
            TimingProfile.of(f.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("timing profile " + f + ": " + e.getMessage(), e);
        }
        return f.toString();
    }

    /** "10s", "250ms", "2m", "1h", or a number of seconds. */
    public static Duration duration(String where, String text) {
        String t = text.trim();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            double n;
            long unit;
            if (t.endsWith("s")) {
                n = Double.parseDouble(t.substring(0, t.length() - 1));
                unit = 1_000;
            } else if (t.endsWith("m")) {
                n = Double.parseDouble(t.substring(0, t.length() - 1));
                unit = 60_000;
            } else if (t.endsWith("h")) {
                n = Double.parseDouble(t.substring(0, t.length() - 1));
                unit = 3_600_000;
            } else {
                n = Double.parseDouble(t);
                unit = 1_000;
            }
            if (n < 0 || Double.isNaN(n) || n > 1e9) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(n * unit));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + " is a duration such as 10s, 250ms, 2m, 1h; was '" + text + "'");
        }
    }

    /** One mapping of the file, its path for messages and the keys it may hold. */
    private static final class Node {
        private final String path;
        private final JsonNode node;

        Node(String path, JsonNode node, Set<String> keys) {
            this.path = path;
            this.node = node;
            if (node.isMissingNode() || node.isNull()) {
                return;
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException((path.isEmpty() ? "the file" : path) + " must be a mapping of keys");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!keys.contains(k)) {
                    throw new IllegalArgumentException("unknown key " + name(k) + " (known: " + String.join(", ", new java.util.TreeSet<>(keys)) + ")");
                }
            }
        }

        private String name(String k) {
            return path.isEmpty() ? k : path + "." + k;
        }

        boolean has(String k) {
            return !node.path(k).isMissingNode() && !node.path(k).isNull();
        }

        Node child(String k, Set<String> keys) {
            return new Node(name(k), has(k) ? node.path(k) : MissingNode.getInstance(), keys);
        }

        String text(String k, String dflt) {
            if (!has(k)) {
                return dflt;
            }
            JsonNode v = node.path(k);
            if (!v.isValueNode()) {
                throw new IllegalArgumentException(name(k) + " is a text");
            }
            return v.asText();
        }

        String required(String k) {
            String v = text(k, null);
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException(name(k) + " is required");
            }
            return v;
        }

        boolean bool(String k, boolean dflt) {
            if (!has(k)) {
                return dflt;
            }
            JsonNode v = node.path(k);
            if (!v.isBoolean()) {
                throw new IllegalArgumentException(name(k) + " is true or false, was " + v.asText());
            }
            return v.asBoolean();
        }

        double number(String k, double dflt, double min, double max) {
            if (!has(k)) {
                return dflt;
            }
            JsonNode v = node.path(k);
            if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
                throw new IllegalArgumentException(name(k) + " is a number in " + min + ".." + max + ", was " + v.asText());
            }
            return v.asDouble();
        }

        int integer(String k, int dflt, int min, int max) {
            if (!has(k)) {
                return dflt;
            }
            JsonNode v = node.path(k);
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
                throw new IllegalArgumentException(name(k) + " is an integer in " + min + ".." + max + ", was " + v.asText());
            }
            return v.asInt();
        }

        double fraction(String k, double dflt) {
            return number(k, dflt, 0, 1);
        }

        Duration duration(String k, String dflt, boolean zeroAllowed) {
            Duration d = has(k) ? BehaviourReader.duration(name(k), node.path(k).asText()) : BehaviourReader.duration(name(k), dflt);
            if (!zeroAllowed && d.isZero()) {
                throw new IllegalArgumentException(name(k) + " must be more than 0");
            }
            return d;
        }
    }
}
