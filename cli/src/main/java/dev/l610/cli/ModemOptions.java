package dev.l610.cli;

import dev.l610.modem.SimSetting;
import dev.l610.modem.TimingProfile;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The SIM, timing profile and seed of a modem: the same options for {@code serve} and {@code console}. */
final class ModemOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--sim", paramLabel = "ready|absent|pin:PIN", defaultValue = "ready",
            description = "The SIM at power-up: ready (default), absent (AT+CPIN? answers +CME ERROR: 10), or "
                    + "pin:PIN (locked until AT+CPIN=\"PIN\"; three wrong PINs ask for the PUK).")
    String sim;

    @Option(names = "--timing", paramLabel = "instant|cat1|nbiot|FILE", defaultValue = "instant",
            description = "How long boot, registration, AT+MIPCALL, DNS and the radio path take: instant (default, "
                    + "as fast as possible), cat1 (an LTE Cat.1 L610), nbiot, or a properties FILE (docs/at-reference.md §8).")
    String timing;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of every random draw of the timing and the radio path, so a run repeats (default: from the IMEI).")
    Long seed;

    /** The {@code --sim} setting; a parameter error naming the option when it is not understood. */
    SimSetting simSetting() {
        try {
            return SimSetting.parse(sim);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sim: " + e.getMessage());
        }
    }

    /** The {@code --timing} profile; a parameter error naming the option when it is not understood or unreadable. */
    TimingProfile timingProfile() {
        try {
            return TimingProfile.of(timing);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timing: " + e.getMessage());
        }
    }
}
