package dev.l610.driver;

/**
 * Receives every unsolicited line (URC) the modem writes, raw, without its line end: {@code +MQTTMSG: ...},
 * {@code +SIM READY}, {@code +CREG: 1}, ... Also any line that belongs to no pending command. Called on
 * the driver's event thread, one line at a time, in arrival order.
 */
@FunctionalInterface
public interface UrcListener {

    void onUrc(String line);
}
