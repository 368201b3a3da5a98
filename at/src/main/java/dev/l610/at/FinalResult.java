package dev.l610.at;

import java.util.Objects;

/**
 * The final result code that ends a command line: {@code OK}, {@code ERROR} or {@code +CME ERROR: <n>}.
 * {@link #cme(CmeError)} is the error a handler raises; the dispatcher turns it into plain {@code ERROR}
 * for commands whose manual table says ERROR (docs/at-reference.md §1).
 */
public final class FinalResult {

    public static final FinalResult OK = new FinalResult(null, true);
    public static final FinalResult ERROR = new FinalResult(null, false);

    private final CmeError cme;
    private final boolean ok;

    private FinalResult(CmeError cme, boolean ok) {
        this.cme = cme;
        this.ok = ok;
    }

    public static FinalResult cme(CmeError error) {
        return new FinalResult(Objects.requireNonNull(error), false);
    }

    public boolean isOk() {
        return ok;
    }

    /** The CME error, or null for OK and plain ERROR. */
    public CmeError cmeError() {
        return cme;
    }

    /** This result with any CME error turned into plain {@code ERROR}. */
    public FinalResult plain() {
        return cme == null ? this : ERROR;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FinalResult f && f.ok == ok && f.cme == cme;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ok, cme);
    }

    @Override
    public String toString() {
        return ok ? "OK" : cme == null ? "ERROR" : "+CME ERROR: " + cme.code();
    }
}
