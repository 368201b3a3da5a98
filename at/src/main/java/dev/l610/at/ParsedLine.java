package dev.l610.at;

import java.util.List;

/**
 * A command line split into its commands. When part of the line could not be parsed, the commands
 * before it are kept and {@link #syntaxError()} says what went wrong: V.250 §5.2.1 runs those and
 * then answers {@code ERROR}.
 *
 * @param commands the commands that parsed, in order
 * @param syntaxError null when the whole line parsed, else the reason (for logs)
 */
public record ParsedLine(List<AtCommand> commands, String syntaxError) {

    public ParsedLine {
        commands = List.copyOf(commands);
    }

    public boolean complete() {
        return syntaxError == null;
    }
}
