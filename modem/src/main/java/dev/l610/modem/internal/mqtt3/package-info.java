/**
 * The modem's own MQTT 3.1.1 client for AT client ids 1 and 2 (docs/at-reference.md §3, §6), on Netty's MQTT codec,
 * running on the modem's event loop.
 *
 * <p>Wiring (per modem): one {@link dev.l610.modem.internal.mqtt3.Mqtt3State} per client id slot (kept for
 * the modem's life, so clean session 0 survives close and break), one
 * {@link dev.l610.modem.internal.net.PathFaults}, one TLS context; then
 * <pre>{@code
 * SslContext ssl = Mqtt3Tls.clientContext(config.caFile());           // caFile may be null
 * PathFaults faults = new PathFaults(seed);
 * Function<String, CompletableFuture<InetAddress>> dns = Resolver.on(runtime.blocking());
 * Map<Integer, Mqtt3State> states = Map.of(1, new Mqtt3State(), 2, new Mqtt3State());
 * MqttSession.Factory mqtt = (id, params, events) -> new Mqtt3Connection(loop, runtime.socketChannelClass(),
 *         params, events, states.get(id), ssl, faults, dns, config.outcomeTimeout());
 * }</pre>
 * A power cycle (reset of the modem) should {@code clear()} the states: a real module loses its session.
 */
package dev.l610.modem.internal.mqtt3;
