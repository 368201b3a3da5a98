/**
 * MQTT-SN 1.2 messages as records and their codec, {@link dev.l610.mqttsn.codec.MqttSnCodec}:
 * one message per datagram, hostile input rejected with a typed
 * {@link dev.l610.mqttsn.codec.MqttSnDecodeException}.
 */
package dev.l610.mqttsn.codec;
