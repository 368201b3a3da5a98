/** The transparent MQTT-SN gateway: {@link dev.l610.mqttsn.gateway.MqttSnGateway}. */
package dev.l610.mqttsn.gateway;
