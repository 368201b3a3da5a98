package dev.l610.modem.command;

/**
 * How a command reports errors (docs/at-reference.md §1): as the manual's table says, {@code +CME ERROR: <n>}
 * (MQTTUSER, MQTTOPEN, MQTTCONF, MQTTREAD and the 27.007 commands) or plain {@code ERROR}
 * (MQTTCLOSE, MQTTSUB, MQTTUNSUB, MQTTPUB, MQTTWILL).
 */
public enum ErrorStyle {
    CME,
    PLAIN
}
