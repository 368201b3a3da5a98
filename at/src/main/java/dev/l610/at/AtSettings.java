package dev.l610.at;

/**
 * The V.250 / 27.007 settings that shape framing and results, read at the moment of use.
 * Not thread-safe: a modem owns one and touches it from its serial executor only.
 */
public final class AtSettings {
    /** S3: command line terminator (ATS3=). */
    private int s3 = 13;
    /** S4: response formatting character (ATS4=). */
    private int s4 = 10;
    /** S5: command line editing character, backspace (ATS5=). */
    private int s5 = 8;
    /** E: echo of command characters (ATE0 / ATE1). */
    private boolean echo = true;
    /** V: verbose (ATV1) or numeric (ATV0) result codes. */
    private boolean verbose = true;
    /** Q: result codes suppressed (ATQ1). */
    private boolean quiet;
    /** +CMEE: 0 plain ERROR, 1 numeric, 2 verbose +CME ERROR. */
    private int cmee = 1;

    /** The power-up values (as after AT&amp;F). */
    public AtSettings() {
    }

    /** AT&amp;F / ATZ: back to power-up values. */
    public void reset() {
        s3 = 13;
        s4 = 10;
        s5 = 8;
        echo = true;
        verbose = true;
        quiet = false;
        cmee = 1;
    }

    public int s3() { return s3; }
    public int s4() { return s4; }
    public int s5() { return s5; }
    public boolean echo() { return echo; }
    public boolean verbose() { return verbose; }
    public boolean quiet() { return quiet; }
    public int cmee() { return cmee; }

    public void s3(int v) { s3 = v; }
    public void s4(int v) { s4 = v; }
    public void s5(int v) { s5 = v; }
    public void echo(boolean v) { echo = v; }
    public void verbose(boolean v) { verbose = v; }
    public void quiet(boolean v) { quiet = v; }
    public void cmee(int v) { cmee = v; }
}
