package dev.l610.driver;

/**
 * Who the module is.
 *
 * @param manufacturer e.g. {@code Fibocom} (ATI line 1, or AT+CGMI)
 * @param model e.g. {@code L610} (ATI line 2, or AT+CGMM)
 * @param firmware firmware revision (AT+CGMR)
 * @param imei the 15-digit IMEI (AT+CGSN, a bare line)
 */
public record Identity(String manufacturer, String model, String firmware, String imei) {
}
