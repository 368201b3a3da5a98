package dev.l610.embed.scenario.internal;

import dev.l610.modem.Faults;
import dev.l610.modem.SimSetting;
import dev.l610.modem.TimingProfile;
import dev.l610.modem.net.Direction;
import dev.l610.modem.net.Shaping;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The faults a scenario step can cause: the names and arguments of the control API's
 * {@code POST /faults/<name>}, on {@link Faults}. {@link #check} at parse time, {@link #run} when the step fires.
 */
public final class FaultAction {

    /** Each fault and the arguments it takes. */
    static final Map<String, List<String>> FAULTS = new TreeMap<>(Map.ofEntries(
            Map.entry("radio-off", List.of()), Map.entry("radio-on", List.of()),
            Map.entry("deregister", List.of()), Map.entry("register", List.of()),
            Map.entry("context-drop", List.of()), Map.entry("context-restore", List.of()),
            Map.entry("broker-kill", List.of("client")), Map.entry("blackhole", List.of("on")),
            Map.entry("signal", List.of("rssi")), Map.entry("udp", List.of("latency_ms", "loss")),
            Map.entry("shape", List.of("dir", "latency_ms", "jitter_ms", "rate_bps", "loss")),
            Map.entry("power-cycle", List.of()), Map.entry("sim", List.of("state")), Map.entry("timing", List.of("profile"))));
    private static final Set<String> REQUIRED = Set.of("broker-kill.client", "signal.rssi", "sim.state", "timing.profile");

    private FaultAction() {
    }

    /** Throws IllegalArgumentException naming what is wrong: an unknown fault, argument or value. */
    public static void check(String name, Map<String, String> args) {
        List<String> known = FAULTS.get(name);
        if (known == null) {
            throw new IllegalArgumentException("no such fault '" + name + "' (one of " + String.join(", ", FAULTS.keySet()) + ")");
        }
        for (String a : args.keySet()) {
            if (!known.contains(a)) {
                throw new IllegalArgumentException("fault " + name + (known.isEmpty() ? " takes no arguments" : " takes " + String.join(", ", known))
                        + ", not '" + a + "'");
            }
        }
        for (String a : known) {
            if (REQUIRED.contains(name + "." + a) && !args.containsKey(a)) {
                throw new IllegalArgumentException("fault " + name + " needs with: {" + a + ": ...}");
            }
        }
        try {
            invoke(null, name, args); // values checked without a modem
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Causes the fault on the modem. */
    public static CompletableFuture<?> run(Faults f, String name, Map<String, String> args) {
        return invoke(f, name, args);
    }

    private static CompletableFuture<?> invoke(Faults f, String name, Map<String, String> a) {
        boolean dry = f == null;
        switch (name) {
            case "radio-off" -> { return dry ? null : f.radio(false); }
            case "radio-on" -> { return dry ? null : f.radio(true); }
            case "deregister" -> { return dry ? null : f.deregister(); }
            case "register" -> { return dry ? null : f.register(); }
            case "context-drop" -> { return dry ? null : f.dropContext(); }
            case "context-restore" -> { return dry ? null : f.restoreContext(); }
            case "power-cycle" -> { return dry ? null : f.powerCycle(); }
            case "broker-kill" -> {
                int client = integer(a, "client", 0);
                return dry ? null : f.killBrokerConnection(client);
            }
            case "blackhole" -> {
                boolean on = bool(a, "on", true);
                return dry ? null : f.blackhole(on);
            }
            case "signal" -> {
                int rssi = integer(a, "rssi", 0);
                return dry ? null : f.signal(rssi);
            }
            case "udp" -> {
                int latency = integer(a, "latency_ms", 0);
                double loss = number(a, "loss");
                return dry ? null : f.udp(latency, loss);
            }
            case "shape" -> {
                String dir = a.getOrDefault("dir", "both");
                if (!Set.of("up", "down", "both").contains(dir)) {
                    throw new IllegalArgumentException("dir must be up, down or both, was " + dir);
                }
                Shaping s = new Shaping(Duration.ofMillis(integer(a, "latency_ms", 0)), Duration.ofMillis(integer(a, "jitter_ms", 0)),
                        integer(a, "rate_bps", 0), number(a, "loss"));
                if (dry) {
                    return null;
                }
                return switch (dir) {
                    case "up" -> f.shape(Direction.UPLINK, s);
                    case "down" -> f.shape(Direction.DOWNLINK, s);
                    default -> f.shape(Direction.UPLINK, s).thenCompose(v -> f.shape(Direction.DOWNLINK, s));
                };
            }
            case "sim" -> {
                SimSetting card = SimSetting.parse(a.get("state"));
                return dry ? null : f.sim(card);
            }
            case "timing" -> {
                TimingProfile p = TimingProfile.of(a.get("profile"));
                return dry ? null : f.timing(p);
            }
            default -> throw new IllegalArgumentException("no such fault '" + name + "'");
        }
    }

    private static int integer(Map<String, String> a, String k, int dflt) {
        String v = a.get(k);
        if (v == null) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < 0) {
                throw new IllegalArgumentException(k + " must not be negative, was " + v);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(k + " must be a whole number, was '" + v + "'");
        }
    }

    private static double number(Map<String, String> a, String k) {
        String v = a.get(k);
        if (v == null) {
            return 0;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d >= 0 && d <= 1)) {
                throw new IllegalArgumentException(k + " must be 0..1, was " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(k + " must be a number 0..1, was '" + v + "'");
        }
    }

    private static boolean bool(Map<String, String> a, String k, boolean dflt) {
        String v = a.get(k);
        if (v == null) {
            return dflt;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(k + " must be true or false, was '" + v + "'");
        };
    }
}
