package dev.l610.mqttsn.internal.gateway;

import dev.l610.mqttsn.gateway.PredefinedTopics;

import java.net.InetSocketAddress;

/**
 * Everything a gateway was built with.
 *
 * @param retryNanos           Tretry for the gateway's own requests to clients
 * @param retries              Nretry
 * @param maxQueuedPerSession  messages from the broker waiting for one client; QoS 0 beyond it are dropped
 * @param brokerTimeoutMillis  TCP connect and MQTT CONNECT timeout towards the broker, each
 */
public record GatewayConfig(InetSocketAddress bind, String brokerHost, int brokerPort, PredefinedTopics predefined,
                            long retryNanos, int retries, int gatewayId, int maxSessions, int maxQueuedPerSession,
                            int maxTopicsPerSession, long brokerTimeoutMillis) {
}
