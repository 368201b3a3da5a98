package dev.l610.driver;

/** Which registration a {@code +CxREG?} query asks for. */
public enum RegistrationKind {
    /** Circuit switched, {@code AT+CREG?}. */
    CS("+CREG"),
    /** GPRS packet switched, {@code AT+CGREG?}. */
    PS("+CGREG"),
    /** LTE (EPS), {@code AT+CEREG?}. */
    EPS("+CEREG");

    private final String command;

    RegistrationKind(String command) {
        this.command = command;
    }

    /** The command name, e.g. {@code +CEREG}. */
    public String command() {
        return command;
    }
}
