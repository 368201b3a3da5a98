package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.client.MqttSnClientListener;
import dev.l610.mqttsn.codec.QoS;

import java.net.InetSocketAddress;

/**
 * Everything a client was built with.
 *
 * @param will             the will, or {@code null}
 * @param keepAliveSeconds CONNECT Duration (0 = no keep-alive)
 * @param retryNanos       Tretry
 * @param retries          Nretry: retransmissions before the gateway is considered lost
 */
public record ClientConfig(InetSocketAddress gateway, InetSocketAddress localAddress, String clientId,
                           boolean cleanSession, int keepAliveSeconds, Will will, long retryNanos, int retries,
                           int maxQueuedRequests, MqttSnClientListener listener) {

    /** The will announced in CONNECT and sent in WILLTOPIC / WILLMSG. */
    public record Will(String topic, QoS qos, boolean retain, byte[] payload) {
    }
}
