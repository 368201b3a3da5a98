package dev.l610.mqttsn.internal.client;

import dev.l610.mqttsn.client.ClientCounters;

import java.util.concurrent.atomic.AtomicLong;

/** Written on the event loop, read from anywhere. */
final class Counters {

    final AtomicLong out = new AtomicLong();
    final AtomicLong in = new AtomicLong();
    final AtomicLong retransmissions = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong decodeErrors = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();

    ClientCounters snapshot() {
        return new ClientCounters(out.get(), in.get(), retransmissions.get(), dropped.get(), decodeErrors.get(),
                delivered.get(), refused.get(), duplicates.get());
    }
}
