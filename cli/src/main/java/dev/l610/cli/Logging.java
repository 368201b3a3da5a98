package dev.l610.cli;

import java.util.Arrays;

/**
 * slf4j-simple settings, made before the first logger exists: warnings only (to stderr), INFO with
 * {@code -v}, DEBUG with {@code -vv}. Libraries stay at WARN either way.
 */
final class Logging {

    private Logging() {
    }

    static void configure(String[] args) {
        String level = Arrays.asList(args).contains("-vv") ? "debug"
                : Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose") ? "info" : "warn";
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setDefault("org.slf4j.simpleLogger.log.dev.l610", level);
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        setDefault("org.slf4j.simpleLogger.log.io.moquette", "error");
        setDefault("org.slf4j.simpleLogger.log.io.netty", "error");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
