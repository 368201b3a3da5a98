package dev.l610.modem.mqtt;

/**
 * Everything a session needs to connect: the +MQTTOPEN parameters, +MQTTUSER credentials and the will.
 *
 * @param user null or empty: no user name flag (docs/at-reference.md §3)
 * @param password null or empty: no password flag
 * @param will null when no +MQTTWILL was set
 */
public record OpenParams(String host, int port, boolean cleanSession, int keepAliveSeconds, boolean tls,
                         String clientId, String user, String password, Will will) {
}
