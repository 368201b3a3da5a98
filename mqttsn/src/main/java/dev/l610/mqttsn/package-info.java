/**
 * MQTT-SN 1.2 for Java: {@link dev.l610.mqttsn.Topic} and the shared {@link dev.l610.mqttsn.MqttSnRuntime}.
 * The codec is in {@code .codec}, the client in {@code .client}, the gateway in {@code .gateway};
 * everything under {@code .internal} is implementation and may change without notice.
 */
package dev.l610.mqttsn;
