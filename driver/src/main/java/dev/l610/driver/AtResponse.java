package dev.l610.driver;

import dev.l610.driver.internal.AtFields;

import java.util.List;
import java.util.Optional;

/**
 * The successful answer to one command line: its information lines (echo, blank lines and URCs removed)
 * and the final result {@code OK}.
 *
 * @param command the command line sent
 * @param lines the information lines, in order, without line ends
 */
public record AtResponse(String command, List<String> lines) {

    public AtResponse {
        lines = List.copyOf(lines);
    }

    /** The first line starting with {@code prefix:} (e.g. {@code +CSQ}), case-insensitive. */
    public Optional<String> line(String prefix) {
        return lines.stream().filter(l -> AtFields.hasPrefix(l, prefix)).findFirst();
    }

    /**
     * The parameters of the first line with this prefix, unquoted and trimmed: {@code +CSQ: 31, 99} gives
     * {@code [31, 99]}; empty when no line has the prefix.
     */
    public List<String> fields(String prefix) {
        return line(prefix).map(l -> AtFields.split(AtFields.afterPrefix(l))).orElse(List.of());
    }

    /** The first line, or empty when there is none. */
    public Optional<String> firstLine() {
        return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(0));
    }
}
