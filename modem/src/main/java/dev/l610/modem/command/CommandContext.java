package dev.l610.modem.command;

import dev.l610.at.AtSettings;
import dev.l610.at.CmeError;

/** What a handler may use of the modem that runs it. All calls on the modem's serial executor. */
public interface CommandContext {

    /** The V.250 settings (echo, verbose, CMEE, S-registers). */
    AtSettings settings();

    /** Queues an unsolicited line; it is written after the current command line's final result. */
    void urc(String line);

    /** The {@code +CME ERROR} line for a URC, shaped by +CMEE (docs/at-reference.md §3: refused CONNACK). */
    String cmeUrcText(CmeError error);
}
