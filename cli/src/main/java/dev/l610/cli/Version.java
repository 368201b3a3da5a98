package dev.l610.cli;

import picocli.CommandLine;

/** Version from the jar manifest (or "development" when run from classes). */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = L610.class.getPackage().getImplementationVersion();
        return new String[] {"l610 " + (v == null ? "development" : v) + " (virtual Fibocom L610, MQTT AT command set)"};
    }
}
