/** Implementation of the MQTT-SN module; not API. */
package dev.l610.mqttsn.internal;
