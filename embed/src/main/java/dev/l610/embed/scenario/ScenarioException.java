package dev.l610.embed.scenario;

/** A scenario file that cannot be used: the message names the file, the line and the field. */
public final class ScenarioException extends IllegalArgumentException {

    private final int line;

    public ScenarioException(String source, int line, String message) {
        super((source == null ? "scenario" : source) + (line > 0 ? ":" + line : "") + ": " + message);
        this.line = line;
    }

    /** The line of the file the error is on (1-based), or 0 when it is about the whole file. */
    public int line() {
        return line;
    }
}
