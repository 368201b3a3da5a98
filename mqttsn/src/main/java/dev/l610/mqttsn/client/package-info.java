/** The asynchronous MQTT-SN client: {@link dev.l610.mqttsn.client.MqttSnClient}. */
package dev.l610.mqttsn.client;
