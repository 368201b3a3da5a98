package dev.l610.driver.internal;

import dev.l610.driver.AtTimeoutException;
import dev.l610.driver.LinkClosedException;
import dev.l610.driver.MqttBreak;
import dev.l610.driver.MqttError;
import dev.l610.driver.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * Matches outcome URCs ({@code +MQTTOPEN: <id>,<status>}, ...) to the commands waiting for them: per
 * command name and client id, first come, first served (the modem reports outcomes of one client in
 * command order). A {@code +CME ERROR: 70x} line is remembered for the next {@code +MQTTOPEN: <id>,0}.
 * A waiter is registered before its command is written, so an outcome cannot slip past it.
 */
final class MqttOutcomes implements UrcHook {

    private static final Logger LOG = LoggerFactory.getLogger(MqttOutcomes.class);

    /** One asynchronous command waiting for its outcome. */
    static final class Waiter {
        final String command;
        final int clientId;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        ScheduledFuture<?> timer;

        Waiter(String command, int clientId) {
            this.command = command;
            this.clientId = clientId;
        }
    }

    private record Key(String command, int clientId) {
    }

    private final DriverExecutors exec;
    private final Map<Key, ArrayDeque<Waiter>> waiting = new HashMap<>();
    private MqttError refusal;

    MqttOutcomes(DriverExecutors exec) {
        this.exec = exec;
    }

    synchronized Waiter expect(String command, int clientId) {
        Waiter w = new Waiter(command, clientId);
        waiting.computeIfAbsent(new Key(command, clientId), k -> new ArrayDeque<>()).add(w);
        return w;
    }

    /** The command got its {@code OK}: now the outcome has {@code timeout} to come. */
    synchronized void accepted(Waiter w, String commandLine, Duration timeout) {
        if (w.future.isDone() || !isWaiting(w)) {
            return;
        }
        w.timer = exec.schedule(() -> {
            if (remove(w)) {
                exec.fail(w.future, new AtTimeoutException(commandLine, timeout, w.command + ": " + w.clientId + ",<status> outcome"));
            }
        }, timeout);
    }

    /** The command failed before its outcome (ERROR, timeout, link down). */
    void failed(Waiter w, Throwable cause) {
        if (remove(w)) {
            exec.fail(w.future, cause);
        }
    }

    private synchronized boolean isWaiting(Waiter w) {
        ArrayDeque<Waiter> q = waiting.get(new Key(w.command, w.clientId));
        return q != null && q.contains(w);
    }

    private synchronized boolean remove(Waiter w) {
        ArrayDeque<Waiter> q = waiting.get(new Key(w.command, w.clientId));
        boolean removed = q != null && q.remove(w);
        if (removed && w.timer != null) {
            w.timer.cancel(false);
        }
        return removed;
    }

    @Override
    public synchronized void onUrc(String line) {
        MqttError refused = FinalResult.mqttRefusal(line);
        if (refused != null) {
            refusal = refused;
            return;
        }
        MqttLines.Outcome o = MqttLines.outcome(line);
        if (o != null) {
            MqttError why = null;
            if (o.command().equals("+MQTTOPEN")) {
                why = o.status() == 0 ? refusal : null;
                refusal = null;
            }
            ArrayDeque<Waiter> q = waiting.get(new Key(o.command(), o.clientId()));
            Waiter w = q == null ? null : q.poll();
            if (w == null) {
                LOG.debug("outcome '{}' with no command waiting for it", line);
                return;
            }
            if (w.timer != null) {
                w.timer.cancel(false);
            }
            if (o.status() == 1) {
                exec.complete(w.future, null);
            } else {
                String text = o.command() + " failed on client " + o.clientId() + " (status " + o.status() + ")"
                        + (why == null ? "" : ": " + why.code() + " " + why.text());
                exec.fail(w.future, new MqttException(o.command(), o.clientId(), why, text));
            }
            return;
        }
        MqttBreak b = MqttLines.breakLine(line);
        if (b != null) {
            failOnBreak(b);
        }
    }

    /** A broken client will report no more outcomes for what it had in flight (an open reports its own). */
    private void failOnBreak(MqttBreak b) {
        List<Waiter> dropped = new ArrayList<>();
        for (Map.Entry<Key, ArrayDeque<Waiter>> e : waiting.entrySet()) {
            if (e.getKey().clientId() != b.clientId() || e.getKey().command().equals("+MQTTOPEN")) {
                continue;
            }
            for (Iterator<Waiter> it = e.getValue().iterator(); it.hasNext(); ) {
                dropped.add(it.next());
                it.remove();
            }
        }
        for (Waiter w : dropped) {
            if (w.timer != null) {
                w.timer.cancel(false);
            }
            exec.fail(w.future, new MqttException(w.command, w.clientId, null, w.command + " on client " + w.clientId
                    + ": the connection broke (+MQTTBREAK cause " + b.causeCode() + ") before the outcome"));
        }
    }

    @Override
    public synchronized void onClose(LinkClosedException cause) {
        for (ArrayDeque<Waiter> q : waiting.values()) {
            for (Waiter w : q) {
                if (w.timer != null) {
                    w.timer.cancel(false);
                }
                exec.fail(w.future, cause);
            }
            q.clear();
        }
    }
}
