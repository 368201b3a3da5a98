package dev.l610.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Eclipse Paho MQTT-SN gateway's {@code gateway.conf}, as far as it applies to this gateway:
 * {@code Key=value} lines, {@code #} comments, keys case-sensitive as Paho spells them. A Paho user
 * passes the file they have to {@code l610 gateway --config}. Keys Paho has that do not apply here
 * are warnings that say why; unknown keys are warnings naming them; a bad value is an error naming
 * the line.
 */
final class PahoGatewayConf {

    /** Paho keys this gateway reads. */
    private static final List<String> USED = List.of("BrokerName", "BrokerPortNo", "BrokerSecurePortNo", "GatewayPortNo",
            "GatewayID", "GatewayName", "KeepAlive", "LoginID", "Password", "PredefinedTopic", "PredefinedTopicList",
            "MaxNumberOfClients", "RootCAfile", "QoS-1", "TransparentGateway");

    /** Paho keys that have no meaning here, with the reason given in the warning. */
    private static final Map<String, String> NOT_APPLICABLE = notApplicable();

    private static Map<String, String> notApplicable() {
        Map<String, String> m = new LinkedHashMap<>();
        String other = "only the transparent gateway (one broker connection per client) is implemented";
        m.put("AggregatingGateway", other);
        m.put("OneToOne", other);
        m.put("Forwarder", "forwarder encapsulation (§5.5) is not supported");
        m.put("ForwarderList", "forwarder encapsulation (§5.5) is not supported");
        m.put("RootCApath", "give the CA certificates in one PEM file with RootCAfile");
        m.put("CertKey", "client certificates towards the broker are not supported");
        m.put("PrivateKey", "client certificates towards the broker are not supported");
        m.put("ClientAuthentication", "every client may connect; per client broker credentials: --broker-credentials");
        m.put("ClientsList", "every client may connect; per client broker credentials: --broker-credentials");
        m.put("ShearedMemory", "there is no shared memory log");
        m.put("GatewayUDP6Bind", "UDP over IPv6: give --listen [::]:PORT");
        m.put("GatewayUDP6Port", "UDP over IPv6: give --listen [::]:PORT");
        m.put("GatewayUDP6Broadcast", "there is no ADVERTISE / broadcast");
        m.put("GatewayUDP6If", "UDP over IPv6: give --listen [::]:PORT");
        m.put("GatewayUDP6Hops", "there is no ADVERTISE / broadcast");
        m.put("MulticastIP", "there is no ADVERTISE / broadcast: clients find the gateway by SEARCHGW or its address");
        m.put("MulticastPortNo", "there is no ADVERTISE / broadcast: clients find the gateway by SEARCHGW or its address");
        m.put("MulticastTTL", "there is no ADVERTISE / broadcast");
        m.put("DtlsPortNo", "DTLS is not supported");
        m.put("DtlsCertsKey", "DTLS is not supported");
        m.put("DtlsPrivKey", "DTLS is not supported");
        m.put("DTLS6PortNo", "DTLS is not supported");
        m.put("DtlsRetransmitTimeout", "DTLS is not supported");
        m.put("BleAddress", "only UDP is supported");
        m.put("RFCOMM", "only UDP is supported");
        m.put("XBee", "only UDP is supported");
        m.put("Baudrate", "only UDP is supported");
        m.put("SerialDevice", "only UDP is supported");
        m.put("ApiMode", "only UDP is supported");
        m.put("LoRaDevice", "only UDP is supported");
        m.put("MaxInflightMsgs", "one message at a time per client (§6.10); the queue: --max-pending");
        return m;
    }

    /** What the file says; {@code null} for a key it does not set. */
    static final class Settings {
        String brokerHost;
        Integer brokerPort;
        Integer brokerSecurePort;
        Integer gatewayPort;
        Integer gatewayId;
        String loginId;
        String password;
        Path predefinedTopicList;
        Integer maxClients;
        Path rootCaFile;
        final List<String> warnings = new ArrayList<>();
    }

    private PahoGatewayConf() {
    }

    /**
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException naming the line of a bad value, or a repeated key
     */
    static Settings load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, Integer> lineOf = new TreeMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        Settings s = new Settings();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected Key=value, got '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (lineOf.put(key, i + 1) != null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + key + " given twice");
            }
            values.put(key, value);
        }
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            String v = e.getValue();
            int line = lineOf.get(key);
            if (NOT_APPLICABLE.containsKey(key)) {
                s.warnings.add(key + " (line " + line + ") ignored: " + NOT_APPLICABLE.get(key));
                continue;
            }
            if (!USED.contains(key)) {
                unknown.add(key + " (line " + line + ")");
                continue;
            }
            switch (key) {
                case "BrokerName" -> s.brokerHost = nonEmpty(key, v, line);
                case "BrokerPortNo" -> s.brokerPort = port(key, v, line, 1);
                case "BrokerSecurePortNo" -> s.brokerSecurePort = port(key, v, line, 1);
                case "GatewayPortNo" -> s.gatewayPort = port(key, v, line, 0);
                case "GatewayID" -> s.gatewayId = number(key, v, line, 0, 255);
                case "GatewayName" -> { } // only Paho's log shows it
                case "KeepAlive" -> {
                    number(key, v, line, 0, 65535);
                    s.warnings.add("KeepAlive (line " + line + ") ignored: it is Paho's ADVERTISE interval, and this gateway "
                            + "does not advertise (each client's broker connection uses the client's own keep-alive)");
                }
                case "LoginID" -> s.loginId = nonEmpty(key, v, line);
                case "Password" -> s.password = v;
                case "PredefinedTopic" -> yesNo(key, v, line);
                case "PredefinedTopicList" -> s.predefinedTopicList = relative(file, nonEmpty(key, v, line));
                case "MaxNumberOfClients" -> s.maxClients = number(key, v, line, 1, 1_000_000);
                case "RootCAfile" -> s.rootCaFile = relative(file, nonEmpty(key, v, line));
                case "QoS-1" -> yesNo(key, v, line); // QoS -1 is always on here
                case "TransparentGateway" -> {
                    if (!yesNo(key, v, line)) {
                        s.warnings.add("TransparentGateway=NO (line " + line + ") ignored: this gateway is always transparent");
                    }
                }
                default -> throw new IllegalStateException(key);
            }
        }
        if (!"YES".equalsIgnoreCase(values.getOrDefault("PredefinedTopic", "YES")) && s.predefinedTopicList != null) {
            s.predefinedTopicList = null; // Paho reads the list only with PredefinedTopic=YES
        }
        if (!unknown.isEmpty()) {
            s.warnings.add("unknown key" + (unknown.size() > 1 ? "s" : "") + " ignored: " + String.join(", ", unknown));
        }
        if (s.password != null && s.loginId == null) {
            throw new IllegalArgumentException("Password (line " + lineOf.get("Password") + ") needs LoginID");
        }
        return s;
    }

    private static String nonEmpty(String key, String v, int line) {
        if (v.isEmpty()) {
            throw new IllegalArgumentException("line " + line + ": " + key + " is empty");
        }
        return v;
    }

    private static int number(String key, String v, int line, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("line " + line + ": " + key + " must be a number " + min + ".." + max + ", was '" + v + "'");
    }

    private static int port(String key, String v, int line, int min) {
        return number(key, v, line, min, 65535);
    }

    private static boolean yesNo(String key, String v, int line) {
        String u = v.toUpperCase(Locale.ROOT);
        if (u.equals("YES")) {
            return true;
        }
        if (u.equals("NO")) {
            return false;
        }
        throw new IllegalArgumentException("line " + line + ": " + key + " must be YES or NO, was '" + v + "'");
    }

    /** A path in the file is relative to the file's directory. */
    private static Path relative(Path file, String v) {
        Path p = Path.of(v);
        Path dir = file.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p);
    }

    /**
     * Paho's predefined topic list: {@code ClientId,TopicName,TopicId} lines ({@code *} for every
     * client), {@code #} comments. Here the ids are the same for every client, so a client id other than
     * {@code *} is a warning, and one id with two names an error.
     */
    static Map<Integer, String> loadTopicList(Path file, List<String> warnings) throws IOException {
        Map<Integer, String> topics = new TreeMap<>();
        List<String> perClient = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length != 3) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 'ClientId,TopicName,TopicId'");
            }
            String client = f[0].strip();
            String name = f[1].strip();
            int id = number("TopicId", f[2].strip(), i + 1, 1, 65535);
            if (!client.equals("*") && !perClient.contains(client)) {
                perClient.add(client);
            }
            String was = topics.putIfAbsent(id, name);
            if (was != null && !was.equals(name)) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": topic id " + id + " is '" + was
                        + "' already; predefined ids are the same for every client here");
            }
        }
        if (!perClient.isEmpty()) {
            warnings.add("predefined topics of client(s) " + String.join(", ", perClient) + " apply to every client here");
        }
        return topics;
    }
}
