package dev.l610.cli;

import java.util.Arrays;
import java.util.List;

/**
 * slf4j-simple settings, made before the first logger exists, all on stderr:
 * <ul>
 * <li>default: warnings of l610 only; the libraries' errors, but not the per-connection stack trace
 *     Moquette logs when a client's connection is cut (every network fault does that on purpose);</li>
 * <li>{@code -v}: l610 at INFO (a cut broker connection is one line of {@code dev.l610.broker.EmbeddedBroker},
 *     which keeps Moquette from logging a stack trace for it), the libraries' warnings and errors;</li>
 * <li>{@code -vv}: l610 at DEBUG, the libraries at INFO.</li>
 * </ul>
 * A system property given on the command line ({@code -Dorg.slf4j.simpleLogger...}) wins.
 */
final class Logging {

    /** Moquette's channel handler: logs "Unexpected exception while processing MQTT message" and a stack trace for a reset connection. */
    static final String MOQUETTE_CONNECTION_ERRORS = "io.moquette.broker.NewNettyMQTTHandler";

    private Logging() {
    }

    static void configure(String[] args) {
        List<String> a = Arrays.asList(args);
        int verbosity = a.contains("-vv") ? 2 : a.contains("-v") || a.contains("--verbose") ? 1 : 0;
        String l610 = switch (verbosity) {
            case 2 -> "debug";
            case 1 -> "info";
            default -> "warn";
        };
        String libraries = switch (verbosity) {
            case 2 -> "info";
            case 1 -> "warn";
            default -> "error";
        };
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setDefault("org.slf4j.simpleLogger.log.dev.l610", l610);
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        setDefault("org.slf4j.simpleLogger.log.io.moquette", libraries);
        setDefault("org.slf4j.simpleLogger.log." + MOQUETTE_CONNECTION_ERRORS, verbosity == 0 ? "off" : libraries);
        setDefault("org.slf4j.simpleLogger.log.io.netty", libraries);
        setDefault("org.slf4j.simpleLogger.log.com.hivemq", libraries);
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
