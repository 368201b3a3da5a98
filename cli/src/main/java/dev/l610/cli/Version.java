package dev.l610.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code --version} of every command: the project version Maven wrote into {@code version.properties} at build time. */
public final class Version implements CommandLine.IVersionProvider {

    /** The build's version, e.g. {@code 0.1.0-SNAPSHOT}; "unknown" when the resource is missing or was not filtered. */
    static String number() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").trim();
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"l610 " + number() + " (virtual Fibocom L610, MQTT AT command set)"};
    }
}
