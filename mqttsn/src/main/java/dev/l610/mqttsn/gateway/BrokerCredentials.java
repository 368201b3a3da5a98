package dev.l610.mqttsn.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The user name and password the gateway gives the broker in its MQTT CONNECT (MQTT 3.1.1 §3.1.3.4,
 * §3.1.3.5) for an MQTT-SN client's connection. MQTT-SN 1.2 has no credentials of its own, so they are
 * the gateway's: one pair for all clients, or one per client id ({@link #loadPerClient}).
 *
 * @param user     the MQTT user name, not empty
 * @param password the password octets, or {@code null} for none
 */
public record BrokerCredentials(String user, byte[] password) {

    public BrokerCredentials {
        Objects.requireNonNull(user, "user");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("the broker user name must not be empty");
        }
        password = password == null ? null : password.clone();
    }

    public static BrokerCredentials of(String user, String password) {
        return new BrokerCredentials(user, password == null ? null : password.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] password() {
        return password == null ? null : password.clone();
    }

    /**
     * The first line of a file as the password (a trailing newline is not part of it), as
     * {@code --broker-password-file} reads it.
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when it is empty
     */
    public static String readPasswordFile(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || lines.get(0).isEmpty()) {
            throw new IllegalArgumentException("the password file is empty");
        }
        return lines.get(0);
    }

    /**
     * Credentials per MQTT-SN client id: one {@code <client id> <user> <password>} per line (the
     * password is the rest of the line and may hold spaces; without one the client connects with a user
     * name only); blank lines and lines starting with '#' are skipped. A client id not in the file uses
     * the gateway's credentials, if any.
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException naming the line, for a line without a user or a repeated client id
     */
    public static Map<String, BrokerCredentials> loadPerClient(Path file) throws IOException {
        Map<String, BrokerCredentials> map = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+", 3);
            if (f.length < 2) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected '<client id> <user> [<password>]'");
            }
            if (map.put(f[0], of(f[1], f.length == 3 ? f[2] : null)) != null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": client id " + f[0] + " given twice");
            }
        }
        return Map.copyOf(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BrokerCredentials c && c.user.equals(user) && Arrays.equals(c.password, password);
    }

    @Override
    public int hashCode() {
        return user.hashCode() * 31 + Arrays.hashCode(password);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "BrokerCredentials[user=" + user + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
