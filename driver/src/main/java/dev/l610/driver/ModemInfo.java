package dev.l610.driver;

/**
 * What {@link Modem#bringUp(BringUpOptions)} found.
 *
 * @param identity manufacturer, model, firmware, IMEI
 * @param signal signal quality at the end of bring-up
 * @param registration the first registration query that said registered (EPS, then PS, then CS)
 * @param ipAddress the data call's address when bring-up made or found one, else null
 */
public record ModemInfo(Identity identity, Signal signal, Registration registration, String ipAddress) {
}
