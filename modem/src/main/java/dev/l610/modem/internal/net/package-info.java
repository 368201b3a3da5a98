/**
 * The modem's radio path on its real sockets: {@link dev.l610.modem.internal.net.PathFaults} (blackhole,
 * seeded latency / jitter / rate / loss per direction) as the first handler of every TCP and UDP channel of
 * a modem, and {@link dev.l610.modem.internal.net.Resets} for a connection reset.
 *
 * <p>Control API mapping: {@code blackhole on/off} → {@code blackhole(boolean)}; a timing profile or a
 * shaping fault → {@code shape(Direction.UPLINK | DOWNLINK, new Shaping(latency, jitter, bytesPerSecond, loss))};
 * the MQTT-SN-only {@code udp(latency, loss)} fault → {@code shapeDatagrams(direction, Shaping)} for both
 * directions; ending faults → {@code clear()}; killing one broker connection → that connection's
 * {@code abort()} (never by client id); a power cycle → {@code resetAll()}.
 */
package dev.l610.modem.internal.net;
