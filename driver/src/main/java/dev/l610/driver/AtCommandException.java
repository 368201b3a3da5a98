package dev.l610.driver;

import java.util.Optional;

/**
 * The modem rejected a command: its final result was {@code ERROR} or {@code +CME ERROR: <n>}
 * (numeric, or the verbose text of {@code AT+CMEE=2}, mapped back to its code when known).
 */
public class AtCommandException extends L610Exception {

    private final String command;
    private final String resultLine;
    private final int cmeCode;

    /**
     * @param command the command line that failed
     * @param resultLine the final result line as received
     * @param cmeCode the {@code +CME ERROR} code, or -1 for {@code ERROR} or an unknown verbose text
     */
    public AtCommandException(String command, String resultLine, int cmeCode) {
        super(command + " failed: " + resultLine);
        this.command = command;
        this.resultLine = resultLine;
        this.cmeCode = cmeCode;
    }

    public String command() {
        return command;
    }

    /** The final result line, e.g. {@code ERROR} or {@code +CME ERROR: 50}. */
    public String resultLine() {
        return resultLine;
    }

    /** True when the result was a {@code +CME ERROR} line (even one whose text is unknown). */
    public boolean isCme() {
        return resultLine.regionMatches(true, 0, "+CME ERROR", 0, 10);
    }

    /** The {@code +CME ERROR} code, or -1 for a plain {@code ERROR} or a verbose text not in the tables. */
    public int cmeCode() {
        return cmeCode;
    }

    /** The general error, when the code is one of {@link CmeError}. */
    public Optional<CmeError> cmeError() {
        return cmeCode < 0 ? Optional.empty() : Optional.ofNullable(CmeError.fromCode(cmeCode));
    }

    /** The MQTT error, when the code is 700..704. */
    public Optional<MqttError> mqttError() {
        return Optional.ofNullable(MqttError.fromCode(cmeCode));
    }
}
