package dev.l610.mqttsn.internal.gateway;

import dev.l610.mqttsn.gateway.BrokerCredentials;
import dev.l610.mqttsn.gateway.PredefinedTopics;

import java.net.InetSocketAddress;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;

/**
 * Everything a gateway was built with.
 *
 * @param retryNanos           Tretry for the gateway's own requests to clients
 * @param retries              Nretry
 * @param maxQueuedPerSession  messages from the broker waiting for one client; QoS 0 beyond it are dropped
 * @param brokerTimeoutMillis  TCP connect and MQTT CONNECT timeout towards the broker, each
 * @param credentials          user and password for every broker connection, or {@code null}
 * @param clientCredentials    per MQTT-SN client id, ahead of {@code credentials}
 * @param tls                  the broker's trust when its connections use TLS, {@code null} for plain TCP
 */
public record GatewayConfig(InetSocketAddress bind, String brokerHost, int brokerPort, PredefinedTopics predefined,
                            long retryNanos, int retries, int gatewayId, int maxSessions, int maxQueuedPerSession,
                            int maxTopicsPerSession, long brokerTimeoutMillis, BrokerCredentials credentials,
                            Map<String, BrokerCredentials> clientCredentials, TrustManagerFactory tls) {

    /** The credentials for this client's broker connection, or {@code null}. */
    BrokerCredentials credentialsFor(String clientId) {
        BrokerCredentials c = clientCredentials.get(clientId);
        return c != null ? c : credentials;
    }
}
