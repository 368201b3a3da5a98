/**
 * A JUnit 5 extension that starts a virtual L610 for a test class or test and injects it and a driver.
 */
module dev.l610.junit5 {
    exports dev.l610.junit5;

    requires transitive dev.l610.embed;
    requires transitive dev.l610.driver;
    requires transitive dev.l610.modem; // Faults, ModemConfig in the builder
    requires transitive org.junit.jupiter.api;
}
