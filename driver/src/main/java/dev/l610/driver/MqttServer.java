package dev.l610.driver;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where and how {@code AT+MQTTOPEN} connects: {@code AT+MQTTOPEN=<id>,"<host>",<port>,<clean>,<keepalive>[,<tls>]}.
 * For MQTT-SN clients (101, 102) host and port are the gateway's.
 *
 * @param host broker host name or address, 1..255 characters
 * @param port 1..65535
 * @param cleanSession the clean session flag
 * @param keepAliveSeconds 1..300
 * @param tls connect with TLS (sixth parameter 2, from the manual's later revision); false sends no
 *            sixth parameter
 */
public record MqttServer(String host, int port, boolean cleanSession, int keepAliveSeconds, boolean tls) {

    public static final int DEFAULT_KEEP_ALIVE = 60;

    public MqttServer {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || host.length() > 255 || host.indexOf('"') >= 0) {
            throw new IllegalArgumentException("host must be 1..255 characters without '\"': " + host);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port is 1..65535, was " + port);
        }
        if (keepAliveSeconds < 1 || keepAliveSeconds > 300) {
            throw new IllegalArgumentException("keepalive is 1..300 s, was " + keepAliveSeconds);
        }
    }

    /** Clean session, keepalive 60 s, no TLS. */
    public static MqttServer of(String host, int port) {
        return new MqttServer(host, port, true, DEFAULT_KEEP_ALIVE, false);
    }

    /**
     * Clean session, keepalive 60 s, no TLS, to a broker's (or for ids 101/102 a gateway's) address, e.g.
     * {@code VirtualL610.brokerAddress()} or {@code gatewayAddress()} of {@code l610-embed}. The host is
     * the address's host string: the name it was made with, else the literal IP address.
     */
    public static MqttServer of(InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        return of(address.getHostString(), address.getPort());
    }

    public MqttServer withCleanSession(boolean v) {
        return new MqttServer(host, port, v, keepAliveSeconds, tls);
    }

    public MqttServer withKeepAlive(int seconds) {
        return new MqttServer(host, port, cleanSession, seconds, tls);
    }

    public MqttServer withTls(boolean v) {
        return new MqttServer(host, port, cleanSession, keepAliveSeconds, v);
    }
}
