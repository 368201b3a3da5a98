package dev.l610.fleet.internal;

import dev.l610.driver.AtRequest;
import dev.l610.driver.DriverOptions;
import dev.l610.driver.L610Driver;
import dev.l610.driver.MqttBreak;
import dev.l610.driver.MqttClient;
import dev.l610.driver.MqttConfMode;
import dev.l610.driver.MqttMessage;
import dev.l610.driver.MqttServer;
import dev.l610.driver.Qos;
import dev.l610.driver.RegistrationKind;
import dev.l610.fleet.Behaviour;
import dev.l610.fleet.FleetReport;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.TimingProfile;
import dev.l610.modem.VirtualModem;
import io.netty.channel.EventLoop;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One device: a virtual modem and, on its line, the host driver following the behaviour as firmware
 * would (bring-up, open, subscribe, publish, reconnect after {@code +MQTTBREAK}). Everything runs on the
 * modem's event loop; the driver has no threads of its own. Fields are touched on that loop only.
 */
final class Device {

    private static final Duration BOOT_POLL = Duration.ofMillis(500);

    final int index;
    final String imei;
    final String clientIdentifier;
    final VirtualModem modem;
    final EventLoop loop;
    private final L610Driver driver;
    private final Run run;
    private final Behaviour b;
    private final Random random;
    private final MqttClient client;
    final String topicUp;
    final List<String> subscriptions = new ArrayList<>();
    /** Its work is done: the publish count reached, given up, or stopped. */
    final CompletableFuture<Void> done = new CompletableFuture<>();
    /** Stopped and its client closed. */
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private boolean connectedAtStop;

    // state, on the loop
    private boolean connected;
    private boolean stopping;
    private long seq;
    /** Publishes begun (a {@code {rssi}} payload first asks AT+CSQ, so seq follows a little later). */
    private long attempts;
    private int inFlight;
    private long breakAt;
    private ScheduledFuture<?> publishTimer;
    private ScheduledFuture<?> driftTimer;
    private long lastActivity;
    private boolean natDropped;
    /** Each break is answered by one reconnect sequence; a break during it starts none of its own. */
    private boolean reconnecting;

    // counts, on the loop
    final BitSet confirmed = new BitSet();
    long published;
    long publishFailed;
    long skipped;
    int breaks;
    final List<Integer> breakCauses = new ArrayList<>();
    int reconnects;
    boolean gaveUp;
    boolean outage;
    int natDrops;
    int ipChanges;
    int sleeps;
    private String ip;
    /** Radio off in a sleep cycle; read by the probe thread (messages for it wait at the broker). */
    volatile boolean asleep;
    String lastError;
    final BitSet probeSeen = new BitSet();
    long probeMax = -1;
    long probeReceived;
    long probeDuplicates;
    long probeOutOfOrder;
    /** Read by the probe thread: whether a probe message has a chance. */
    volatile boolean online;

    Device(Run run, ModemRuntime runtime, int index, String imei, String timing) {
        this.run = run;
        this.b = run.behaviour;
        this.index = index;
        this.imei = imei;
        this.random = new Random(b.seed() * 1_000_003L + index);
        this.modem = modem(run, runtime, index, imei, timing);
        this.loop = modem.executor();
        this.clientIdentifier = run.clientId.render(imei, index);
        this.topicUp = run.publishTopic.render(imei, index);
        for (Template t : run.subscriptions) {
            subscriptions.add(t.render(imei, index));
        }
        DriverOptions o = DriverOptions.defaults().withName("fleet-" + index).withMaxLineLength(2048).withEchoAtStart(true);
        this.driver = L610Driver.attach(new MemoryLink(modem, "memory line of device " + index), o, loop);
        modem.attachHost(bytes -> driver.received(bytes, 0, bytes.length));
        this.client = driver.mqtt().client(b.mqtt().client());
        driver.mqtt().addBreakListener(this::onBreak);
        driver.mqtt().addMessageListener(this::onMessage);
    }

    /** Device {@code index}'s modem: its IMEI, seed, timing, source address and (with {@code ipChange}) address pool. */
    static VirtualModem modem(Run run, ModemRuntime runtime, int index, String imei, String timing) {
        Behaviour b = run.behaviour;
        ModemConfig.Builder config = ModemConfig.builder().imei(imei).seed(b.seed() * 31 + index).timing(TimingProfile.of(timing));
        if (run.options.sources() != null) {
            config.sourceAddress(run.options.sources().of(index));
        }
        VirtualModem modem = new VirtualModem(config.build(), runtime);
        if (b.cellular().ipChange()) {
            Random pool = new Random(b.seed() * 15_485_863L + index);
            modem.faults().addressOnReattach(() -> "10." + (64 + pool.nextInt(64)) + "." + pool.nextInt(256) + "." + (1 + pool.nextInt(254)));
        }
        return modem;
    }

    /** Starts the bring-up (the ramp calls it when the device is due). */
    void start() {
        loop.execute(() -> {
            if (stopping) {
                return; // the run ended before this device's turn
            }
            run.metrics.started.incrementAndGet();
            Behaviour.Drift drift = b.cellular().drift();
            if (drift != null) {
                int[] rssi = {31 - random.nextInt(12)};
                modem.faults().signal(rssi[0]);
                driftTimer = loop.scheduleAtFixedRate(() -> {
                    rssi[0] = Math.max(0, Math.min(31, rssi[0] + random.nextInt(2 * drift.step() + 1) - drift.step()));
                    modem.faults().signal(rssi[0]);
                }, drift.every().toNanos(), drift.every().toNanos(), TimeUnit.NANOSECONDS);
            }
            bringUp();
        });
    }

    // ---- bring-up

    private void bringUp() {
        long deadline = System.nanoTime() + b.bringUp().registrationTimeout().toNanos();
        // the modem takes no input while it boots: "AT" until it answers
        poll(() -> driver.at().send(AtRequest.of("AT").withTimeout(BOOT_POLL)).thenApply(r -> true), BOOT_POLL, deadline, "boot")
                .thenCompose(x -> driver.modem().echo(false))
                .thenCompose(x -> driver.modem().errorMode(1))
                .thenCompose(x -> poll(() -> driver.modem().simStatus().thenApply(s -> s.contains("READY")),
                        b.bringUp().registrationPoll(), deadline, "SIM"))
                .thenCompose(x -> driver.modem().signal())
                .thenCompose(x -> registered(deadline))
                .thenCompose(x -> b.bringUp().mipcall() ? dataCall() : CompletableFuture.completedFuture(null))
                .thenCompose(x -> b.mqtt().storeMode() ? driver.mqtt().conf(MqttConfMode.STORE) : CompletableFuture.completedFuture(null))
                .thenCompose(x -> client.isMqttSn() ? CompletableFuture.completedFuture(null)
                        : client.user(run.user.render(imei, index), run.password.render(imei, index), clientIdentifier))
                .whenComplete((x, e) -> {
                    if (e != null && stopping) {
                        finish(); // the run ended first: not a failure of the device
                    } else if (e != null) {
                        fail("bring-up: " + message(e));
                        giveUp();
                    } else {
                        firstOpen();
                    }
                });
    }

    private CompletableFuture<Void> dataCall() {
        return driver.modem().dataCallAddress().thenCompose(ip -> ip.isPresent() ? CompletableFuture.completedFuture(null)
                : driver.modem().startDataCall(b.bringUp().apn()).thenApply(x -> null));
    }

    private CompletableFuture<Void> registered(long deadline) {
        return poll(() -> driver.modem().registration(RegistrationKind.PS).thenApply(r -> r.isRegistered()),
                b.bringUp().registrationPoll(), deadline, "registration");
    }

    /** Asks until the answer is true, every {@code every}, until the deadline (then fails). */
    private CompletableFuture<Void> poll(java.util.function.Supplier<CompletableFuture<Boolean>> ask, Duration every, long deadline,
                                         String what) {
        CompletableFuture<Void> out = new CompletableFuture<>();
        pollOnce(ask, every, deadline, what, out);
        return out;
    }

    private void pollOnce(java.util.function.Supplier<CompletableFuture<Boolean>> ask, Duration every, long deadline, String what,
                          CompletableFuture<Void> out) {
        ask.get().whenComplete((ok, e) -> {
            if (e == null && ok) {
                out.complete(null);
            } else if (System.nanoTime() > deadline || stopping) {
                out.completeExceptionally(new IllegalStateException("no " + what + " within the limit"
                        + (e != null ? " (" + message(e) + ")" : "")));
            } else {
                loop.schedule(() -> pollOnce(ask, every, deadline, what, out), every.toNanos(), TimeUnit.NANOSECONDS);
            }
        });
    }

    private MqttServer server() {
        java.net.InetSocketAddress a = client.isMqttSn() ? run.options.gateway() : run.options.broker();
        return new MqttServer(a.getHostString(), a.getPort(), b.mqtt().cleanSession(), b.mqtt().keepAlive(), false);
    }

    /** Opens and subscribes; completes true when connected. */
    private CompletableFuture<Boolean> connect() {
        long t0 = System.nanoTime();
        return client.open(server()).thenCompose(x -> {
            run.metrics.record("open", System.nanoTime() - t0);
            CompletableFuture<Void> subs = CompletableFuture.completedFuture(null);
            for (int i = 0; i < subscriptions.size(); i++) {
                String topic = subscriptions.get(i);
                Qos qos = Qos.fromCode(b.subscribe().get(i).qos());
                subs = subs.thenCompose(y -> {
                    long s0 = System.nanoTime();
                    return client.subscribe(topic, qos).thenRun(() -> run.metrics.record("subscribe", System.nanoTime() - s0));
                });
            }
            return subs.thenApply(y -> true);
        }).exceptionally(e -> {
            fail("open: " + message(e));
            return false;
        });
    }

    private void firstOpen() {
        if (stopping) {
            finish();
            return;
        }
        connect().thenAccept(ok -> {
            if (ok) {
                connected();
                startPublishing();
                Behaviour.Sleep s = b.cellular().sleep();
                if (s != null) {
                    scheduleSleep((long) (s.every().toNanos() * (0.5 + random.nextDouble() / 2)));
                }
            } else {
                reconnect(1);
            }
        });
    }

    // ---- sleep cycles

    private boolean sleepPending;

    private void scheduleSleep(long nanos) {
        sleepPending = true;
        loop.schedule(this::sleep, nanos, TimeUnit.NANOSECONDS);
    }

    private void sleep() {
        sleepPending = false;
        Behaviour.Sleep s = b.cellular().sleep();
        if (stopping) {
            return;
        }
        if (!connected || reconnecting || inFlight > 0) {
            scheduleSleep(TimeUnit.MILLISECONDS.toNanos(100)); // not now: once the device is idle and connected
            return;
        }
        disconnected();
        client.close().exceptionally(e -> null)
                .thenCompose(x -> {
                    // the session is closed: from now on messages for the device wait at the broker
                    asleep = true;
                    return driver.at().send("AT+CFUN=0");
                })
                .whenComplete((x, e) -> loop.schedule(this::wake, s.duration().toNanos(), TimeUnit.NANOSECONDS));
    }

    private void wake() {
        Behaviour.Sleep s = b.cellular().sleep();
        long deadline = System.nanoTime() + b.bringUp().registrationTimeout().toNanos();
        driver.at().send("AT+CFUN=1").thenCompose(x -> registered(deadline)).thenCompose(x -> connect())
                .exceptionally(e -> {
                    fail("wake: " + message(e));
                    return false;
                })
                .thenAccept(ok -> {
                    asleep = false;
                    sleeps++;
                    if (stopping) {
                        return;
                    }
                    if (ok) {
                        connected();
                        scheduleSleep(s.every().toNanos());
                    } else {
                        breakAt = System.nanoTime();
                        reconnecting = true;
                        reconnect(1);
                    }
                });
    }

    private void connected() {
        if (b.cellular().ipChange()) {
            driver.modem().dataCallAddress().thenAccept(a -> {
                String now = a.orElse(null);
                if (now != null && ip != null && !now.equals(ip)) {
                    ipChanges++;
                }
                if (now != null) {
                    ip = now;
                }
            });
        }
        if (!connected) {
            connected = true;
            online = true;
            run.metrics.connected.incrementAndGet();
        }
        activity();
    }

    private void disconnected() {
        if (connected) {
            connected = false;
            online = false;
            run.metrics.connected.decrementAndGet();
        }
    }

    // ---- publishing

    private void startPublishing() {
        Behaviour.Publish p = b.publish();
        if (p.every().isZero() || publishTimer != null) {
            if (p.every().isZero() && run.options.duration().isZero()) {
                finish();
            }
            return;
        }
        schedulePublish();
    }

    private void schedulePublish() {
        Behaviour.Publish p = b.publish();
        long every = p.every().toNanos();
        long jitter = p.jitter().toNanos();
        long d = every + (jitter == 0 ? 0 : (long) ((random.nextDouble() * 2 - 1) * jitter));
        publishTimer = loop.schedule(this::publishTick, Math.max(0, d), TimeUnit.NANOSECONDS);
    }

    private void publishTick() {
        if (stopping) {
            return;
        }
        Behaviour.Publish p = b.publish();
        if (asleep) {
            // the sensor waits for the radio: nothing is sent and nothing counted
        } else if (!connected) {
            skipped++;
        } else {
            attempts++;
            publish(p);
        }
        if (p.count() > 0 && attempts >= p.count()) {
            publishTimer = null;
            return;
        }
        schedulePublish();
    }

    private void publish(Behaviour.Publish p) {
        if (run.payload.usesRssi()) {
            // as telemetry firmware does: the signal read just before the report
            inFlight++;
            driver.modem().signal().whenComplete((sig, e) -> {
                inFlight--;
                if (!stopping && connected) {
                    publish(p, sig == null ? 99 : sig.rssi());
                } else if (stopping && inFlight == 0) {
                    close();
                } else if (!stopping) {
                    skipped++; // the connection went while the signal was asked
                    checkDone(p);
                }
            });
            return;
        }
        publish(p, 99);
    }

    private void publish(Behaviour.Publish p, int rssi) {
        long s = seq++;
        String payload = run.payload.render(imei, index, s, System.currentTimeMillis(), random, rssi);
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MqttClient.MAX_PAYLOAD) {
            bytes = java.util.Arrays.copyOf(bytes, MqttClient.MAX_PAYLOAD);
        }
        inFlight++;
        long t0 = System.nanoTime();
        activity();
        client.publish(dev.l610.driver.MqttTopic.name(topicUp), Qos.fromCode(p.qos()), p.retain(), bytes).whenComplete((x, e) -> {
            inFlight--;
            if (e == null) {
                run.metrics.record("publish", System.nanoTime() - t0);
                run.metrics.published.increment();
                published++;
                confirmed.set((int) s);
                activity();
            } else {
                publishFailed++;
                fail("publish: " + message(e));
            }
            if (stopping && inFlight == 0) {
                close();
            } else {
                checkDone(p);
            }
        });
    }

    private void checkDone(Behaviour.Publish p) {
        if (p.count() > 0 && attempts >= p.count() && inFlight == 0 && run.options.duration().isZero()) {
            finish();
        }
    }

    // ---- received messages (the probe's)

    private void onMessage(MqttMessage m) {
        if (m.clientId() != client.id()) {
            return;
        }
        activity();
        String text = new String(m.payload(), StandardCharsets.ISO_8859_1);
        long[] probe = Probe.parse(text);
        if (probe == null) {
            return;
        }
        run.metrics.record("message", System.nanoTime() - probe[1]);
        int s = (int) probe[0];
        if (probeSeen.get(s)) {
            probeDuplicates++;
            return;
        }
        probeSeen.set(s);
        probeReceived++;
        run.metrics.probeReceived.increment();
        if (s < probeMax) {
            probeOutOfOrder++;
        }
        probeMax = Math.max(probeMax, s);
    }

    // ---- breaks and reconnects, as firmware does them

    private void onBreak(MqttBreak br) {
        if (br.clientId() != client.id()) {
            return;
        }
        breaks++;
        breakCauses.add(br.causeCode());
        run.metrics.breaks.increment();
        disconnected();
        if (natDropped) {
            // the carrier forgot the mapping; a new connection gets a new one
            natDropped = false;
            modem.faults().blackhole(false);
        }
        if (stopping || reconnecting) {
            return;
        }
        breakAt = System.nanoTime();
        reconnecting = true;
        reconnect(1);
    }

    private void reconnect(int attempt) {
        Behaviour.Reconnect r = b.reconnect();
        if (stopping) {
            reconnecting = false;
            finish();
            return;
        }
        if (attempt > r.tries()) {
            reconnecting = false;
            fail("gave up after " + r.tries() + " tries");
            giveUp();
            return;
        }
        if (breakAt == 0) {
            breakAt = System.nanoTime();
        }
        double base = Math.min(r.maxBackoff().toNanos(), r.backoff().toNanos() * Math.pow(2, attempt - 1));
        long delay = (long) Math.max(0, base * (1 + r.jitter() * (random.nextDouble() * 2 - 1)));
        loop.schedule(() -> {
            if (stopping) {
                reconnecting = false;
                finish();
                return;
            }
            driver.modem().registration(RegistrationKind.PS).thenApply(reg -> reg.isRegistered()).exceptionally(e -> false)
                    .thenCompose(reg -> reg ? connect() : CompletableFuture.completedFuture(false))
                    .thenAccept(ok -> {
                        if (ok) {
                            reconnecting = false;
                            reconnects++;
                            run.metrics.reconnects.increment();
                            run.metrics.record("recover", System.nanoTime() - breakAt);
                            breakAt = 0;
                            connected();
                            startPublishing();
                            if (b.cellular().sleep() != null && !sleepPending) {
                                scheduleSleep(b.cellular().sleep().every().toNanos());
                            }
                        } else {
                            reconnect(attempt + 1);
                        }
                    });
        }, delay, TimeUnit.NANOSECONDS);
    }

    private void giveUp() {
        gaveUp = true;
        finish();
    }

    // ---- cellular

    /** Any packet of the connection: a NAT keeps its mapping for another idle timeout. */
    private void activity() {
        Duration nat = b.cellular().natIdleTimeout();
        lastActivity = System.nanoTime();
        // the modem's own PINGREQ keeps the mapping when it comes before the timeout
        if (nat.isZero() || b.mqtt().keepAlive() * 1000L <= nat.toMillis() || !connected) {
            return;
        }
        long mark = lastActivity;
        loop.schedule(() -> {
            if (lastActivity == mark && connected && !natDropped && !stopping) {
                natDropped = true;
                natDrops++;
                modem.faults().blackhole(true);
            }
        }, nat.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The cell outage: registration lost for {@code d}. On any thread. */
    void outage(Duration d) {
        loop.execute(() -> {
            outage = true;
            modem.faults().deregister();
            loop.schedule(() -> {
                modem.faults().register();
            }, d.toNanos(), TimeUnit.NANOSECONDS);
        });
    }

    // ---- the end

    /** The run is over: stop publishing, let publishes in flight finish, close the client. On any thread. */
    void stop() {
        loop.execute(() -> {
            if (stopping) {
                return;
            }
            stopping = true;
            connectedAtStop = connected;
            if (driftTimer != null) {
                driftTimer.cancel(false);
            }
            if (publishTimer != null) {
                publishTimer.cancel(false);
                publishTimer = null;
            }
            if (inFlight == 0) {
                close();
            }
        });
    }

    private void close() {
        finish();
        if (closed.isDone()) {
            return;
        }
        if (!connected) {
            closed.complete(null);
            return;
        }
        client.close().whenComplete((x, e) -> {
            disconnected();
            closed.complete(null);
        });
    }

    private void finish() {
        if (!done.isDone()) {
            done.complete(null);
        }
    }

    /** Frees the modem and driver (after the run). */
    void dispose() {
        driver.close();
        modem.close();
    }

    private void fail(String why) {
        lastError = why;
        run.metrics.errors.increment();
    }

    private static String message(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** The device's row; {@code received}, {@code lost} and the rest come from the checker and probe. */
    FleetReport.DeviceRow row(Checker.Counts c, long probeSent) {
        long lost = 0;
        if (c != null) {
            BitSet l = (BitSet) confirmed.clone();
            l.andNot(c.seen());
            lost = l.cardinality();
        }
        return new FleetReport.DeviceRow(index, imei, clientIdentifier, connectedAtStop, published, publishFailed,
                c == null ? 0 : c.received(), lost, c == null ? 0 : c.duplicates(), c == null ? 0 : c.outOfOrder(), probeSent,
                probeReceived, probeDuplicates, probeOutOfOrder, breaks, reconnects, List.copyOf(breakCauses), gaveUp, outage,
                natDrops, ipChanges, sleeps, lastError, false, null, false);
    }

    /** Runs {@code f} on the device's loop. */
    <T> CompletableFuture<T> call(java.util.function.Supplier<T> f) {
        CompletableFuture<T> r = new CompletableFuture<>();
        loop.execute(() -> r.complete(f.get()));
        return r;
    }

    boolean stopping() {
        return stopping;
    }

    long skipped() {
        return skipped;
    }
}
