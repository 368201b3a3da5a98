package dev.l610.driver.internal;

import dev.l610.driver.AtChannel;
import dev.l610.driver.AtCommandException;
import dev.l610.driver.AtRequest;
import dev.l610.driver.AtResponse;
import dev.l610.driver.AtTimeoutException;
import dev.l610.driver.LinkClosedException;
import dev.l610.driver.Timeouts;
import dev.l610.driver.UrcListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The command channel (see {@link AtChannel} for the matching rules). One command is in flight; the
 * rest wait in order. All state is guarded by {@code this}: callers enqueue, the reader thread delivers
 * lines, the timer delivers timeouts. Writes happen under the lock, so bytes of two commands never mix.
 */
public final class CommandChannel implements AtChannel, LineFramer.Sink {

    private static final Logger LOG = LoggerFactory.getLogger(CommandChannel.class);
    /** How the virtual modem's own messages on the line begin (not an AT answer: an explanation). */
    static final String NOTICE_PREFIX = "l610: ";

    private final OutputStream out;
    private final Timeouts timeouts;
    private final DriverExecutors exec;
    private final ArrayDeque<PendingCommand> queue = new ArrayDeque<>();
    private final UrcDispatcher urcs;
    private final CompletableFuture<LinkClosedException> closed = new CompletableFuture<>();
    private PendingCommand current;
    private LinkClosedException closeCause;
    private volatile boolean echo;
    /** The last command timed out: its final result may still come, before the next command's echo. */
    private boolean previousTimedOut;
    /** The last completed command was echoed: so the pending one will be, and nothing before its echo is its answer. */
    private boolean echoConfirmed;
    /** The reader is delivering the lines of one read; the next command waits until they are all seen. */
    private boolean inChunk;
    /**
     * One timer for the channel, not one per command: armed for the command in flight when none is armed, and
     * when it fires it times that command out if its deadline passed, or arms itself again for the command then
     * in flight. A command answered in time costs no timer work (a fleet runs many thousands of commands a second
     * on one event loop, whose timer queue holds every device's timers).
     */
    private java.util.concurrent.ScheduledFuture<?> watchdog;
    /** When the armed watchdog fires (System.nanoTime()). */
    private long watchdogAt;
    /** The last line, when it was a virtual modem's one-line notice ({@code l610: …}), e.g. why it refuses the link. */
    private String lastNotice;

    public CommandChannel(OutputStream out, Timeouts timeouts, DriverExecutors exec, boolean echoAtStart) {
        this.out = out;
        this.timeouts = timeouts;
        this.exec = exec;
        this.echo = echoAtStart;
        this.urcs = new UrcDispatcher(exec);
    }

    @Override
    public CompletableFuture<AtResponse> send(String command) {
        return send(AtRequest.of(command));
    }

    @Override
    public CompletableFuture<AtResponse> send(AtRequest request) {
        List<CommandSyntax.Part> parts = CommandSyntax.parse(request.command());
        PendingCommand c = new PendingCommand(request, parts, request.timeout() != null ? request.timeout() : defaultTimeout(parts));
        synchronized (this) {
            if (closeCause != null) {
                c.future.completeExceptionally(closeCause);
                return c.future;
            }
            queue.add(c);
            if (current == null) {
                startNext();
            }
        }
        return c.future;
    }

    private Duration defaultTimeout(List<CommandSyntax.Part> parts) {
        for (CommandSyntax.Part p : parts) {
            if (p.type() == CommandSyntax.Type.SET && p.name().equals("+MIPCALL")) {
                return timeouts.dataCall();
            }
            if (p.type() == CommandSyntax.Type.SET && p.name().equals("+MQTTOPEN")) {
                return timeouts.mqttOpen();
            }
        }
        return timeouts.command();
    }

    @Override
    public boolean echo() {
        return echo;
    }

    @Override
    public void addUrcListener(UrcListener listener) {
        urcs.addListener(java.util.Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeUrcListener(UrcListener listener) {
        urcs.removeListener(listener);
    }

    public void addHook(UrcHook hook) {
        urcs.addHook(hook);
    }

    public DriverExecutors executors() {
        return exec;
    }

    public Timeouts timeouts() {
        return timeouts;
    }

    /** Completes (normally, with the reason) when the link is down. */
    public CompletableFuture<LinkClosedException> closed() {
        return closed;
    }

    public synchronized boolean isOpen() {
        return closeCause == null;
    }

    /**
     * Bytes already read were sent by the modem before it could see a command written now; so the next
     * command is written only once every line of the current read has been handled (a URC right after
     * an {@code OK} is then never taken for the next command's answer).
     */
    public synchronized void beginChunk() {
        inChunk = true;
    }

    public synchronized void endChunk() {
        inChunk = false;
        startNext();
    }

    private void startNext() {
        while (current == null && closeCause == null && !inChunk) {
            PendingCommand c = queue.poll();
            if (c == null) {
                return;
            }
            current = c;
            LOG.debug(">> {}", c.name());
            if (!write((c.request.command() + "\r").getBytes(StandardCharsets.ISO_8859_1))) {
                return;
            }
            c.deadline = System.nanoTime() + c.timeout.toNanos();
            if (watchdog == null || c.deadline < watchdogAt) {
                arm(c.deadline);
            }
        }
    }

    private void arm(long at) {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        watchdogAt = at;
        watchdog = exec.schedule(this::onWatchdog, Duration.ofNanos(Math.max(0, at - System.nanoTime())));
    }

    private synchronized void onWatchdog() {
        watchdog = null;
        PendingCommand c = current;
        if (c == null || closeCause != null) {
            return;
        }
        if (System.nanoTime() - c.deadline >= 0) {
            onTimeout(c); // starts the next command, which arms the watchdog again
        } else {
            arm(c.deadline);
        }
    }

    private boolean write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException | RuntimeException e) {
            linkDown("writing to the link failed: " + e.getMessage(), e);
            return false;
        }
    }

    @Override
    public synchronized void onLine(String line) {
        LOG.trace("<< {}", line);
        lastNotice = line.startsWith(NOTICE_PREFIX) ? line : null;
        if (FinalResult.mqttRefusal(line) != null) {
            urc(line);
            return;
        }
        PendingCommand c = current;
        if (c != null) {
            if (c.isEcho(line)) {
                c.echoSeen = true;
                echo = true;
                previousTimedOut = false;
                // lines before the echo were written before the modem had the command: URCs after all
                List<String> early = List.copyOf(c.lines);
                c.lines.clear();
                early.forEach(this::urc);
                return;
            }
            FinalResult f = FinalResult.parse(line);
            if (f != null) {
                if (!c.echoSeen && (echoConfirmed || previousTimedOut && echo)) {
                    previousTimedOut = false;
                    LOG.warn("dropped final result '{}': it came before the echo of {}, so it answers an earlier command",
                            line, c.name());
                    return;
                }
                finish(c, f);
                return;
            }
            if (!MqttLines.isAlwaysUrc(line) && c.isInfo(line)) {
                c.lines.add(line);
                return;
            }
        } else if (FinalResult.parse(line) != null) {
            LOG.debug("final result '{}' with no command pending: ignored", line);
            return;
        }
        urc(line);
    }

    @Override
    public synchronized void onPrompt() {
        PendingCommand c = current;
        if (c == null || !c.wantsPrompt()) {
            return;
        }
        c.promptSeen = true;
        LOG.debug(">> {} data bytes after the prompt", c.request.data().length);
        write(c.request.data());
    }

    @Override
    public synchronized boolean promptWanted() {
        return current != null && current.wantsPrompt();
    }

    private void finish(PendingCommand c, FinalResult f) {
        current = null;
        previousTimedOut = false;
        if (!c.echoSeen) {
            echo = false;
        }
        echoConfirmed = c.echoSeen;
        if (f.ok()) {
            learnEcho(c);
            exec.complete(c.future, new AtResponse(c.name(), c.lines));
        } else {
            exec.fail(c.future, new AtCommandException(c.name(), f.line(), f.code()));
        }
        startNext();
    }

    /** ATE0/ATE1 set echo; ATZ and AT&amp;F restore the power-up default, echo on. */
    private void learnEcho(PendingCommand c) {
        for (CommandSyntax.Part p : c.parts) {
            if (p.name().equals("E")) {
                echo = p.arg().equals("1");
                echoConfirmed &= echo;
            } else if (p.name().equals("Z") || p.name().equals("&F")) {
                echo = true;
            }
        }
    }

    private void onTimeout(PendingCommand c) {
        current = null;
        previousTimedOut = true;
        String what = c.wantsPrompt() ? "'>' prompt" : "final result";
        LOG.warn("{}: no {} within {} ms; not retried", c.name(), what, c.timeout.toMillis());
        exec.fail(c.future, new AtTimeoutException(c.name(), c.timeout, what));
        startNext();
    }

    private void urc(String line) {
        urcs.dispatch(line);
    }

    /**
     * The modem side closed the link (end of input). When the last line before the end was the modem's
     * notice ({@code l610: the modem's serial line is in use by …}), the reason carries it.
     */
    public synchronized void peerClosed(String description) {
        linkDown(withNotice("the modem side closed the link (" + description + ")"), null);
    }

    /** Reading the link failed (e.g. a reset right after the modem's notice): the reason carries the notice too. */
    public synchronized void readFailed(String description, java.io.IOException e) {
        linkDown(withNotice("reading the link failed (" + description + "): " + e.getMessage()), e);
    }

    private String withNotice(String reason) {
        return lastNotice == null ? reason : reason + ": " + lastNotice;
    }

    /** The link is down (or closed by the application): fail everything that waits, refuse the rest. */
    public synchronized void linkDown(String reason, Throwable cause) {
        if (closeCause != null) {
            return;
        }
        closeCause = new LinkClosedException(reason, cause);
        LOG.debug("link down: {}", reason);
        PendingCommand c = current;
        current = null;
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
        if (c != null) {
            exec.fail(c.future, closeCause);
        }
        for (PendingCommand q : queue) {
            exec.fail(q.future, closeCause);
        }
        queue.clear();
        urcs.closed(closeCause);
        exec.complete(closed, closeCause);
    }
}
