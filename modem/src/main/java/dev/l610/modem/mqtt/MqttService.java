package dev.l610.modem.mqtt;

import dev.l610.at.CmeError;
import dev.l610.modem.NetworkState;
import dev.l610.modem.command.CommandContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The modem's MQTT clients (ids 1, 2, 101, 102): their states, sessions, stores and the URCs that
 * report outcomes (docs/at-reference.md §3). All state changes run on the modem's serial executor; session
 * callbacks are moved there. An outcome that does not come within the outcome timeout is status 0.
 */
public final class MqttService {

    private static final Logger LOG = LoggerFactory.getLogger(MqttService.class);
    /** The AT client ids, in the order the read forms list them. */
    public static final int[] IDS = {1, 2, 101, 102};

    private final Map<Integer, ClientSlot> slots = new LinkedHashMap<>();
    private final CommandContext at;
    private final io.netty.channel.EventLoop serial;
    private final Duration outcomeTimeout;
    private final MqttSession.Factory mqtt;
    private final MqttSession.Factory mqttSn;
    private final NetworkState network;
    private final Function<String, CompletableFuture<InetAddress>> resolver;
    private volatile int mode; // +MQTTCONF
    /** Counts resets: an outcome of a connection from before the last reset is not reported. */
    private long epoch;
    /** A failed open is reported no sooner than this after AT+MQTTOPEN (timing profile; a real L610: 2-4 s). */
    private java.util.function.Supplier<Duration> openFailureDelay = () -> Duration.ZERO;
    /** The TCP handshake of ids 1/2 over the radio: one round trip before the connection starts (timing profile). */
    private java.util.function.Supplier<Duration> handshakeDelay = () -> Duration.ZERO;

    public MqttService(CommandContext at, io.netty.channel.EventLoop serial, Duration outcomeTimeout,
                       NetworkState network, Function<String, CompletableFuture<InetAddress>> resolver,
                       MqttSession.Factory mqtt, MqttSession.Factory mqttSn, int storeMessages, int storeBytes) {
        this.resolver = resolver;
        this.at = at;
        this.serial = serial;
        this.outcomeTimeout = outcomeTimeout;
        this.network = network;
        this.mqtt = mqtt;
        this.mqttSn = mqttSn;
        for (int id : IDS) {
            slots.put(id, new ClientSlot(id, new MessageStore(storeMessages, storeBytes)));
        }
        network.addListener(this::onNetworkChange);
    }

    /** How long a failed AT+MQTTOPEN takes at least (drawn per open, on the modem's loop). */
    public void openFailureDelay(java.util.function.Supplier<Duration> delay) {
        openFailureDelay = delay;
    }

    /**
     * How long the TCP handshake of an MQTT connection (ids 1, 2) takes over the radio, drawn per open on
     * the modem's loop; MQTT-SN (ids 101, 102) runs over UDP and has none.
     */
    public void handshakeDelay(java.util.function.Supplier<Duration> delay) {
        handshakeDelay = delay;
    }

    ClientSlot slot(int id) {
        return slots.get(id);
    }

    Iterable<ClientSlot> slots() {
        return slots.values();
    }

    NetworkState network() {
        return network;
    }

    int mode() {
        return mode;
    }

    void mode(int m) {
        mode = m;
    }

    /**
     * From any thread: whether client {@code id} can take a message of {@code size} bytes now (always in
     * +MQTTCONF=0 mode; in mode 1 when its store has room). The MQTT-SN client asks before it acknowledges.
     */
    public boolean hasRoom(int id, int size) {
        return mode == 0 || slots.get(id).store.roomFor(size);
    }

    /**
     * Starts connecting; the outcome is the URC {@code +MQTTOPEN: <id>,<status>}. The host name is
     * resolved off the event loop first; a name that does not resolve is status 0, as a refused socket is.
     */
    void open(ClientSlot slot, OpenParams params) {
        Object attempt = new Object();
        long started = System.nanoTime();
        slot.opening = attempt;
        slot.state = ClientSlot.State.OPENING;
        onLoop(timed(resolve(params.host())), (address, error) -> {
            if (slot.opening != attempt || slot.state != ClientSlot.State.OPENING) {
                return; // closed or broken meanwhile; that path already answered
            }
            if (error != null) {
                LOG.info("client {}: cannot resolve {}: {}", slot.id, params.host(), describe(error));
                failOpen(slot, started, () -> at.urc("+MQTTOPEN: " + slot.id + ",0"));
                return;
            }
            InetSocketAddress to = new InetSocketAddress(address, params.port());
            Duration handshake = slot.isSn() ? Duration.ZERO : handshakeDelay.get();
            if (handshake.isZero()) {
                connect(slot, params, to, started);
                return;
            }
            serial.schedule(() -> {
                if (slot.opening == attempt && slot.state == ClientSlot.State.OPENING) {
                    connect(slot, params, to, started);
                }
            }, handshake.toNanos(), TimeUnit.NANOSECONDS);
        });
    }

    /** An address literal needs no look-up (and no trip to the blocking pool); a name is resolved off the loop. */
    private CompletableFuture<InetAddress> resolve(String host) {
        byte[] literal = io.netty.util.NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            try {
                return CompletableFuture.completedFuture(InetAddress.getByAddress(host, literal));
            } catch (java.net.UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return resolver.apply(host);
    }

    /**
     * A failed open: reported (by {@code report}) once the open has taken the timing profile's
     * open-refused time; the id stays OPENING meanwhile (AT+MQTTCLOSE and faults answer as for an open in progress).
     */
    private void failOpen(ClientSlot slot, long startedNanos, Runnable report) {
        long wait = startedNanos + openFailureDelay.get().toNanos() - System.nanoTime();
        if (wait <= 0) {
            end(slot);
            report.run();
            return;
        }
        Object marker = new Object();
        slot.session = null;
        slot.opening = marker;
        serial.schedule(() -> {
            if (slot.opening == marker && slot.state == ClientSlot.State.OPENING) {
                end(slot);
                report.run();
            }
        }, wait, TimeUnit.NANOSECONDS);
    }

    private void connect(ClientSlot slot, OpenParams params, InetSocketAddress address, long started) {
        MqttSession.Factory factory = slot.isSn() ? mqttSn : mqtt;
        SessionEvents events = new SessionEvents(slot);
        MqttSession s;
        try {
            s = factory.create(slot.id, params, address, events);
        } catch (RuntimeException e) { // no local socket, or the like
            LOG.info("client {}: open failed: {}", slot.id, describe(e));
            failOpen(slot, started, () -> at.urc("+MQTTOPEN: " + slot.id + ",0"));
            return;
        }
        events.session = s;
        slot.session = s;
        onLoop(timed(s.connect()), (rc, error) -> {
            if (slot.session != s || slot.state != ClientSlot.State.OPENING) {
                return; // closed or broken meanwhile; that path already answered
            }
            if (error == null && rc == 0) {
                slot.state = ClientSlot.State.OPEN;
                at.urc("+MQTTOPEN: " + slot.id + ",1");
                return;
            }
            s.abort();
            if (error != null || rc < 1 || rc > 5) {
                LOG.info("client {}: open failed: {}", slot.id, error == null ? "return code " + rc : describe(error));
            }
            failOpen(slot, started, () -> {
                if (error == null && rc >= 1 && rc <= 5) {
                    at.urc(at.cmeUrcText(CmeError.fromConnAckReturnCode(rc)));
                }
                at.urc("+MQTTOPEN: " + slot.id + ",0");
            });
        });
    }

    /** Closes gracefully; the outcome is {@code +MQTTCLOSE: <id>,1}. */
    void close(ClientSlot slot) {
        MqttSession s = slot.session;
        if (slot.state == ClientSlot.State.OPENING) {
            if (s != null) {
                s.abort();
            }
            end(slot);
            slot.store.clear();
            at.urc("+MQTTOPEN: " + slot.id + ",0");
            at.urc("+MQTTCLOSE: " + slot.id + ",1");
            return;
        }
        slot.state = ClientSlot.State.CLOSING;
        onLoop(timed(s.disconnect()), (v, error) -> {
            if (error != null) {
                s.abort();
            }
            if (slot.session == s) {
                end(slot);
                slot.store.clear(); // manual §1.3: closing frees the buffer
                at.urc("+MQTTCLOSE: " + slot.id + ",1");
            }
        });
    }

    /** Runs an asynchronous operation and answers {@code <urc>: <id>,<1|0>} when it ends. */
    void outcome(ClientSlot slot, String urc, CompletableFuture<Boolean> op, Runnable onSuccess) {
        long at0 = epoch;
        onLoop(timed(op), (ok, error) -> {
            if (at0 != epoch) {
                return; // the modem was reset since: that command's answer died with it
            }
            boolean success = error == null && Boolean.TRUE.equals(ok);
            if (error != null) {
                LOG.info("client {}: {} failed: {}", slot.id, urc, describe(error));
            }
            if (success && onSuccess != null) {
                onSuccess.run();
            }
            at.urc(urc + ": " + slot.id + "," + (success ? 1 : 0));
        });
    }

    /**
     * Runs {@code then} on the modem's loop when {@code f} completes: at once when it completes there (the
     * sessions complete their futures on the loop), else as a task.
     */
    private <T> void onLoop(CompletableFuture<T> f, java.util.function.BiConsumer<T, Throwable> then) {
        f.whenComplete((v, e) -> {
            if (serial.inEventLoop()) {
                then.accept(v, e);
            } else {
                serial.execute(() -> then.accept(v, e));
            }
        });
    }

    /** The network lost registration (cause 3) or the data context (cause 2): every open client breaks. */
    private void onNetworkChange(NetworkState s, NetworkState.Change change) {
        int cause;
        if (change == NetworkState.Change.REGISTRATION && !s.registered()) {
            cause = 3;
        } else if (change == NetworkState.Change.CONTEXT && !s.contextUp()) {
            cause = 2;
        } else {
            return;
        }
        for (ClientSlot slot : slots.values()) {
            if (slot.state != ClientSlot.State.IDLE) {
                drop(slot, cause);
            }
        }
    }

    /** Fault: the broker (or gateway) connection of one client dies: {@code +MQTTBREAK: <id>,1}. Call on the modem's executor. */
    public boolean breakConnection(int id) {
        ClientSlot slot = slots.get(id);
        if (slot == null || slot.state != ClientSlot.State.OPEN) {
            return false;
        }
        drop(slot, 1);
        return true;
    }

    /** Power off: every client ends at once without DISCONNECT and without a URC. Call on the modem's loop. */
    public void abortAll() {
        for (ClientSlot slot : slots.values()) {
            if (slot.state != ClientSlot.State.IDLE) {
                if (slot.session != null) {
                    slot.session.abort();
                }
                end(slot);
            }
        }
    }

    /**
     * A reset (docs/at-reference.md §5): every client ends at once without DISCONNECT and without a URC,
     * stores are emptied, +MQTTUSER, wills and +MQTTCONF are back to power-up. Call on the modem's loop.
     */
    public void powerReset() {
        epoch++;
        abortAll();
        for (ClientSlot slot : slots.values()) {
            slot.user = null;
            slot.password = null;
            slot.clientIdText = null;
            slot.will = null;
            slot.store.clear();
        }
        mode = 0;
    }

    /** Ends a client without DISCONNECT and tells the host as its state asks. */
    private void drop(ClientSlot slot, int cause) {
        ClientSlot.State was = slot.state;
        MqttSession session = slot.session; // null while the host name is being resolved
        end(slot);
        slot.store.dropWithheld();
        switch (was) {
            case OPENING -> at.urc("+MQTTOPEN: " + slot.id + ",0");
            case CLOSING -> {
                slot.store.clear();
                at.urc("+MQTTCLOSE: " + slot.id + ",1");
            }
            default -> {
                slot.breaks++;
                at.urc("+MQTTBREAK: " + slot.id + "," + cause);
            }
        }
        if (session != null) {
            session.abort(); // its pending outcomes are answered now, after the line that says why
        }
    }

    private void end(ClientSlot slot) {
        slot.session = null;
        slot.opening = null;
        slot.state = ClientSlot.State.IDLE;
    }

    /** An incoming message, on the serial executor: +MQTTMSG now, or stored and announced by +MQTTMSGI. */
    private void deliver(ClientSlot slot, InboundMessage m) {
        slot.messagesIn++;
        if (mode == 0) {
            m.ack();
            at.urc("+MQTTMSG: " + slot.id + "," + m.qos() + "," + m.topic().urcText() + ",\""
                    + new String(m.payload(), StandardCharsets.ISO_8859_1) + "\"");
            return;
        }
        if (slot.store.offer(m, slot.id)) {
            announce(slot, m);
        } else if (slot.store.shouldPause() && slot.session != null) {
            LOG.warn("client {}: {} messages withheld, reading from the broker paused", slot.id, slot.store.withheldCount());
            slot.session.pauseReading(true);
        }
    }

    private void announce(ClientSlot slot, InboundMessage m) {
        String t = m.topic() instanceof Topic.Predefined p ? Integer.toString(p.id()) : Integer.toString(m.topic().length());
        at.urc("+MQTTMSGI: " + slot.id + "," + m.qos() + "," + t + "," + m.payload().length);
    }

    /** +MQTTREAD: the oldest stored message as its answer line, then room for withheld ones. */
    String read(ClientSlot slot) {
        InboundMessage m = slot.store.poll();
        if (m == null) {
            return "+MQTTREAD: " + slot.id + ",0,0,0";
        }
        for (InboundMessage moved : slot.store.refill()) {
            announce(slot, moved);
        }
        if (slot.store.shouldResume() && slot.session != null) {
            slot.session.pauseReading(false);
        }
        String tlen = m.topic() instanceof Topic.Predefined p ? Integer.toString(p.id()) : Integer.toString(m.topic().length());
        return "+MQTTREAD: " + slot.id + "," + m.qos() + "," + tlen + "," + m.payload().length + ","
                + m.topic().urcText() + ",\"" + new String(m.payload(), StandardCharsets.ISO_8859_1) + "\"";
    }

    /** A snapshot of every client, for status pages. */
    public CompletableFuture<List<ClientStatus>> status() {
        CompletableFuture<List<ClientStatus>> f = new CompletableFuture<>();
        serial.execute(() -> {
            List<ClientStatus> list = new ArrayList<>();
            for (ClientSlot s : slots.values()) {
                list.add(new ClientStatus(s.id, s.state.name(), s.messagesIn, s.messagesOut, s.breaks,
                        s.store.size(), s.store.withheldCount(), s.store.qos0Dropped()));
            }
            f.complete(list);
        });
        return f;
    }

    private <T> CompletableFuture<T> timed(CompletableFuture<T> op) {
        CompletableFuture<T> result = new CompletableFuture<>();
        ScheduledFuture<?> timer = serial.schedule(
                () -> result.completeExceptionally(new TimeoutException("no outcome within " + outcomeTimeout.toSeconds() + " s")),
                outcomeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        op.whenComplete((v, e) -> {
            timer.cancel(false);
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(v);
            }
        });
        return result;
    }

    private static String describe(Throwable e) {
        Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    /** Moves session events onto the serial executor and drops those of a session that is no longer current. */
    private final class SessionEvents implements MqttSession.Events {
        private final ClientSlot slot;
        private volatile MqttSession session;

        SessionEvents(ClientSlot slot) {
            this.slot = slot;
        }

        @Override
        public void onMessage(InboundMessage message) {
            if (serial.inEventLoop()) {
                // on the modem's loop (always, for its own sessions): stored now, so the next room check
                // (MQTT-SN asks hasRoom before it acknowledges) already sees this message
                deliver(slot, message);
            } else {
                serial.execute(() -> deliver(slot, message));
            }
        }

        @Override
        public void onLost(Throwable cause) {
            serial.execute(() -> {
                boolean current = slot.session == session;
                if (current && (slot.state == ClientSlot.State.OPEN || slot.state == ClientSlot.State.CLOSING)) {
                    LOG.info("client {}: connection lost: {}", slot.id, cause == null ? "closed" : describe(cause));
                    drop(slot, 1);
                }
            });
        }
    }

    /** Runs {@code action} on the serial executor (for the control API). */
    public void execute(Consumer<MqttService> action) {
        serial.execute(() -> action.accept(this));
    }
}
