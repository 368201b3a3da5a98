package dev.l610.driver;

/** A bring-up step did not reach its goal before its deadline (SIM not ready, not registered, ...). */
public class BringUpException extends L610Exception {

    private final String step;

    public BringUpException(String step, String message, Throwable cause) {
        super(step + ": " + message, cause);
        this.step = step;
    }

    /** The step that failed: {@code sim}, {@code registration}, {@code attach}, {@code data call}, ... */
    public String step() {
        return step;
    }
}
