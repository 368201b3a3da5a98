package dev.l610.driver;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One command line to send.
 *
 * @param command the command line without its CR, starting with {@code AT} (either case), e.g. {@code AT+CSQ}
 * @param timeout how long to wait for the final result; null for the driver's default for this command
 * @param data the raw block written after the modem's {@code >} prompt ({@code AT+MQTTPUB=...,<len>}), or null
 * @param infoPrefixes which lines are this command's information response: each entry a prefix such as
 *                     {@code +CSQ} (matching {@code +CSQ: ...}), or {@code ""} for bare lines (no {@code +});
 *                     null to derive them from the command (see {@link AtChannel})
 */
public record AtRequest(String command, Duration timeout, byte[] data, List<String> infoPrefixes) {

    public AtRequest {
        Objects.requireNonNull(command, "command");
        if (command.length() < 2 || !command.regionMatches(true, 0, "AT", 0, 2)) {
            throw new IllegalArgumentException("a command line starts with AT: " + command);
        }
        if (command.indexOf('\r') >= 0 || command.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a command line holds no CR or LF; the driver ends it");
        }
        for (int i = 0; i < command.length(); i++) {
            if (command.charAt(i) > 0xFF) {
                throw new IllegalArgumentException("a command line is written as ISO-8859-1; char " + i + " is not");
            }
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (data != null && data.length == 0) {
            throw new IllegalArgumentException("a data block holds at least one byte");
        }
        infoPrefixes = infoPrefixes == null ? null : List.copyOf(infoPrefixes);
    }

    public static AtRequest of(String command) {
        return new AtRequest(command, null, null, null);
    }

    public AtRequest withTimeout(Duration t) {
        return new AtRequest(command, t, data, infoPrefixes);
    }

    /** Expect a {@code >} prompt, then write {@code block} raw (no CR, not echoed). */
    public AtRequest withData(byte[] block) {
        return new AtRequest(command, timeout, block, infoPrefixes);
    }

    public AtRequest withInfoPrefixes(String... prefixes) {
        return new AtRequest(command, timeout, data, List.of(prefixes));
    }
}
