package dev.l610.driver.internal;

import dev.l610.driver.LinkClosedException;
import dev.l610.driver.UrcListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hands each URC line first to the internal hooks, synchronously and in order (outcome matching), then
 * to the public listeners on the event thread. A failing hook or listener is logged and skipped.
 */
final class UrcDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(UrcDispatcher.class);

    private final DriverExecutors exec;
    private final List<UrcHook> hooks = new CopyOnWriteArrayList<>();
    private final List<UrcListener> listeners = new CopyOnWriteArrayList<>();

    UrcDispatcher(DriverExecutors exec) {
        this.exec = exec;
    }

    void addHook(UrcHook hook) {
        hooks.add(hook);
    }

    void addListener(UrcListener l) {
        listeners.add(l);
    }

    void removeListener(UrcListener l) {
        listeners.remove(l);
    }

    void dispatch(String line) {
        for (UrcHook h : hooks) {
            try {
                h.onUrc(line);
            } catch (RuntimeException e) {
                LOG.warn("URC hook failed on '{}'", line, e);
            }
        }
        for (UrcListener l : listeners) {
            exec.event(() -> {
                try {
                    l.onUrc(line);
                } catch (RuntimeException e) {
                    LOG.warn("URC listener failed on '{}'", line, e);
                }
            });
        }
    }

    void closed(LinkClosedException cause) {
        for (UrcHook h : hooks) {
            try {
                h.onClose(cause);
            } catch (RuntimeException e) {
                LOG.warn("URC hook failed on close", e);
            }
        }
    }
}
