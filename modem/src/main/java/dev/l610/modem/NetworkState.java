package dev.l610.modem;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The modem's view of the cellular network: radio, registration, packet attach and the data context
 * that carries MQTT. Mutated only on the modem's serial executor; listeners run there too.
 *
 * <p>Rules: registration needs the radio; attach needs registration; the data context needs attach.
 * The default context comes up by itself whenever the modem is attached, unless the host took it down
 * with {@code AT+MIPCALL=0} (then only {@code AT+MIPCALL=1} brings it back), so MQTT works right after
 * power-up as on a real L610 (docs/at-reference.md §2). A fault can take the context down while the host still
 * wants it; {@link #restoreContext()} brings it back.
 */
public final class NetworkState {

    /** What changed, for listeners. */
    public enum Change { RADIO, REGISTRATION, ATTACH, CONTEXT }

    /** Called after every change. */
    public interface Listener {
        void onNetworkChange(NetworkState state, Change change);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private String ip;
    /** A context was up and went down since power-up: the next one is a re-attach. */
    private boolean contextLost;
    /** The address of the next data context, when a re-attach gets a new one (a carrier's pool); null keeps it. */
    private java.util.function.Supplier<String> nextIp;
    private boolean radioOn = true;
    private boolean registrationBlocked;
    private boolean registered = true;
    private boolean attached = true;
    private boolean contextWanted = true;
    private boolean contextUp = true;
    private int rssi = 31;
    /** Registration needs a ready SIM (docs/at-reference.md §5). */
    private boolean simReady = true;
    /** How long registration takes once it may happen (timing profile); null: at once. */
    private java.util.function.Supplier<java.time.Duration> registrationDelay;
    private java.util.concurrent.ScheduledExecutorService timers;
    /** Counts every change that makes a scheduled registration stale. */
    private long registrationAttempt;

    /** Powered up: radio on, SIM ready, registered, attached, context up. */
    public NetworkState(String ip) {
        this.ip = ip;
    }

    /**
     * Powered off until {@link #simReady(boolean) simReady(true)}: then the modem registers after
     * {@code registrationDelay} (drawn on each registration), on {@code timers} (the modem's loop).
     */
    public NetworkState(String ip, java.util.concurrent.ScheduledExecutorService timers,
                        java.util.function.Supplier<java.time.Duration> registrationDelay) {
        this.ip = ip;
        this.timers = timers;
        this.registrationDelay = registrationDelay;
        this.simReady = false;
        this.registered = false;
        this.attached = false;
        this.contextUp = false;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public boolean radioOn() { return radioOn; }
    public boolean registered() { return registered; }
    public boolean attached() { return attached; }
    public boolean contextUp() { return contextUp; }
    public boolean contextWanted() { return contextWanted; }

    /** Signal for AT+CSQ: 0..31, or 99 (unknown); always 99 while the radio is off. */
    public int rssi() {
        return radioOn ? rssi : 99;
    }

    /** Fault: a weaker or stronger signal (0..31, 99 = none). */
    public void setRssi(int value) {
        if (value < 0 || (value > 31 && value != 99)) {
            throw new IllegalArgumentException("rssi is 0..31 or 99, was " + value);
        }
        rssi = value;
    }

    /** The data context's IP address, or {@code 0.0.0.0} while it is down. */
    public String ip() {
        return contextUp ? ip : "0.0.0.0";
    }

    /**
     * From now on every new data context (after the context was lost: a re-attach, a re-registration)
     * gets its address from {@code pool}, as a carrier's address pool hands out another one; null: the
     * address stays.
     */
    public void addressOnReattach(java.util.function.Supplier<String> pool) {
        nextIp = pool;
    }

    /** AT+CFUN=0/1, or a radio fault. */
    public void setRadio(boolean on) {
        if (on == radioOn) {
            return;
        }
        radioOn = on;
        fire(Change.RADIO);
        if (on) {
            tryRegister();
        } else {
            loseRegistration();
        }
    }

    public boolean simReady() {
        return simReady;
    }

    /** The SIM became ready (the modem then registers) or not (absent, locked, powered off: registration lost). */
    public void simReady(boolean ready) {
        if (ready == simReady) {
            return;
        }
        simReady = ready;
        if (ready) {
            tryRegister();
        } else {
            loseRegistration();
        }
    }

    /**
     * A reset: everything back to power-up (radio on, context wanted), not registered until the SIM is
     * ready again. A {@link #deregister()} fault still holds. Listeners hear the registration and context go.
     */
    public void powerCycle() {
        registrationAttempt++;
        simReady = false;
        loseRegistration();
        radioOn = true;
        contextWanted = true;
    }

    /** Fault: the network drops the registration (stat 0) and refuses it until {@link #allowRegistration()}. */
    public void deregister() {
        registrationBlocked = true;
        loseRegistration();
    }

    /** Ends a {@link #deregister()} fault: the modem registers again (if its radio is on). */
    public void allowRegistration() {
        registrationBlocked = false;
        tryRegister();
    }

    /** Registers when radio, SIM and network allow it: at once, or after the registration delay. */
    private void tryRegister() {
        if (!radioOn || !simReady || registrationBlocked) {
            return;
        }
        if (registered) {
            setAttached(true);
            return;
        }
        java.time.Duration d = registrationDelay == null ? java.time.Duration.ZERO : registrationDelay.get();
        if (d.isZero() || timers == null) {
            register();
            return;
        }
        long attempt = ++registrationAttempt;
        timers.schedule(() -> {
            if (attempt == registrationAttempt && radioOn && simReady && !registrationBlocked) {
                register();
            }
        }, d.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** AT+CGATT=0/1. Attaching needs registration; returns false when it cannot. */
    public boolean setAttached(boolean on) {
        if (on && !registered) {
            return false;
        }
        if (on == attached) {
            return true;
        }
        if (!on) {
            dropContext();
            attached = false;
            fire(Change.ATTACH);
        } else {
            attached = true;
            fire(Change.ATTACH);
            if (contextWanted) {
                setContext(true);
            }
        }
        return true;
    }

    /** AT+MIPCALL=1: the host wants the context; it comes up if attached. Returns false when not attached. */
    public boolean activateContext() {
        if (!attached) {
            return false;
        }
        contextWanted = true;
        setContext(true);
        return true;
    }

    /** AT+MIPCALL=0: the host takes the context down and it stays down. */
    public void deactivateContext() {
        contextWanted = false;
        setContext(false);
    }

    /** Fault: the context is lost (IP gone) although the host still wants it. */
    public void dropContext() {
        setContext(false);
    }

    /** Ends a {@link #dropContext()} fault. */
    public void restoreContext() {
        if (attached && contextWanted) {
            setContext(true);
        }
    }

    private void register() {
        if (!registered) {
            registered = true;
            fire(Change.REGISTRATION);
        }
        setAttached(true);
    }

    private void loseRegistration() {
        registrationAttempt++;
        if (!registered) {
            return;
        }
        // order matters for MQTT: cause 3 (not registered) wins over cause 2 (no IP)
        registered = false;
        fire(Change.REGISTRATION);
        if (attached) {
            setContext(false);
            attached = false;
            fire(Change.ATTACH);
        }
    }

    private void setContext(boolean up) {
        if (contextUp != up) {
            if (up && nextIp != null && contextLost) {
                ip = nextIp.get();
            }
            contextLost |= !up;
            contextUp = up;
            fire(Change.CONTEXT);
        }
    }

    private void fire(Change c) {
        for (Listener l : listeners) {
            l.onNetworkChange(this, c);
        }
    }
}
