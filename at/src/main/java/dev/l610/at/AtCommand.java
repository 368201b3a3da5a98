package dev.l610.at;

import java.util.List;
import java.util.Locale;

/**
 * One command of a command line, parsed but not interpreted.
 *
 * @param name upper-case name with its prefix: {@code +MQTTPUB}, {@code E}, {@code &F}, {@code S3}
 * @param type action, read, test or set
 * @param params the parameters of a set command (empty list otherwise)
 * @param digits the number after a basic command ({@code ATE0} -> "0"), empty if none
 */
public record AtCommand(String name, CommandType type, List<AtParam> params, String digits) {

    public AtCommand {
        name = name.toUpperCase(Locale.ROOT);
        params = List.copyOf(params);
    }

    public static AtCommand extended(String name, CommandType type, List<AtParam> params) {
        return new AtCommand(name, type, params, "");
    }

    public static AtCommand basic(String name, String digits) {
        return new AtCommand(name, CommandType.ACTION, List.of(), digits);
    }

    public boolean isExtended() {
        return name.startsWith("+");
    }

    /** The i-th parameter, or {@link AtParam#EMPTY} when the line has fewer. */
    public AtParam param(int i) {
        return i < params.size() ? params.get(i) : AtParam.EMPTY;
    }
}
