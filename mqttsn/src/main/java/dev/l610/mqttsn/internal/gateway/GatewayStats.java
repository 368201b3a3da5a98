package dev.l610.mqttsn.internal.gateway;

import dev.l610.mqttsn.gateway.GatewayCounters;

import java.util.concurrent.atomic.AtomicLong;

/** Written on the event loop, read from anywhere. */
public final class GatewayStats {

    final AtomicLong in = new AtomicLong();
    final AtomicLong out = new AtomicLong();
    final AtomicLong decodeErrors = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong retransmissions = new AtomicLong();
    final AtomicLong sessionsOpened = new AtomicLong();
    final AtomicLong sessionsLost = new AtomicLong();
    final AtomicLong toBroker = new AtomicLong();
    final AtomicLong toClients = new AtomicLong();
    final AtomicLong connectsRefused = new AtomicLong();
    final AtomicLong qos0Dropped = new AtomicLong();
    final AtomicLong queueRefused = new AtomicLong();
    final AtomicLong topicsRefused = new AtomicLong();
    final AtomicLong minusOnePublishes = new AtomicLong();
    final AtomicLong minusOneDropped = new AtomicLong();
    final AtomicLong retriesExhausted = new AtomicLong();
    final AtomicLong congestionBackoffs = new AtomicLong();
    final AtomicLong sleeps = new AtomicLong();
    final AtomicLong wakeups = new AtomicLong();
    final AtomicLong sleepDropped = new AtomicLong();
    final AtomicLong willUpdates = new AtomicLong();
    final AtomicLong sessionsResumed = new AtomicLong();

    public GatewayCounters snapshot() {
        return new GatewayCounters(in.get(), out.get(), decodeErrors.get(), dropped.get(), retransmissions.get(),
                sessionsOpened.get(), sessionsLost.get(), toBroker.get(), toClients.get(), connectsRefused.get(),
                qos0Dropped.get(), queueRefused.get(), topicsRefused.get(), minusOnePublishes.get(), minusOneDropped.get(),
                retriesExhausted.get(), congestionBackoffs.get(), sleeps.get(), wakeups.get(), sleepDropped.get(),
                willUpdates.get(), sessionsResumed.get());
    }
}
