package dev.l610.link;

import dev.l610.modem.VirtualModem;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * For links that read their host on a thread of their own: after each read, wait while the modem's
 * throttled line is full, so the host is held back by its own stream (pipe, pty, UART buffer) instead of
 * its bytes being lost.
 */
final class BlockingInput {

    private BlockingInput() {
    }

    /** Returns once the modem takes more input, or {@code closed} says the link is gone. */
    static void awaitRoom(VirtualModem modem, BooleanSupplier closed) throws InterruptedException {
        CountDownLatch room = new CountDownLatch(1);
        if (modem.acceptsInput(room::countDown)) {
            return;
        }
        while (!room.await(200, TimeUnit.MILLISECONDS)) {
            if (closed.getAsBoolean()) {
                return;
            }
        }
    }
}
