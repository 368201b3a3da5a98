package dev.l610.mqttsn.client;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.mqttsn.MqttSnRuntime;
import dev.l610.mqttsn.Topic;
import dev.l610.mqttsn.codec.ReturnCode;
import dev.l610.mqttsn.gateway.MqttSnGateway;
import dev.l610.mqttsn.testutil.PathTap;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/** The Netty hooks of the client: pinning to a given event loop, and the path handler. */
class NettyHooksTest {

    private static EmbeddedBroker broker;
    private static NioEventLoopGroup group;
    private static MqttSnRuntime runtime;
    private static MqttSnGateway gateway;
    private static int n;
    private final List<MqttSnClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.startEphemeral();
        group = new NioEventLoopGroup(2);
        runtime = MqttSnRuntime.of(group, NioDatagramChannel.class);
        gateway = MqttSnGateway.builder().broker(broker.host(), broker.port()).runtime(runtime)
                .retry(Duration.ofMillis(200), 3).build().start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        runtime.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        broker.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(MqttSnClient::close);
    }

    private MqttSnClientBuilder builder() {
        return MqttSnClient.builder().gateway(gateway.localAddress()).clientId("hook-" + (++n))
                .keepAlive(Duration.ofSeconds(30)).retry(Duration.ofMillis(150), 5).runtime(runtime);
    }

    private MqttSnClient track(MqttSnClient c) {
        clients.add(c);
        return c;
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    /**
     * Starts {@code op} from a task on {@code loop} and tells whether its future completed there, and
     * {@code ok} holds. Started on the loop, the future cannot complete on the loop before the stage is
     * attached (the loop is busy with this task), so a stage that runs elsewhere, or a future already done
     * when the task attaches to it, means it completed off the loop; a test thread attaching late (a busy
     * machine) cannot make it look so.
     */
    private static <T> CompletableFuture<Boolean> completesOnLoop(EventLoop loop, java.util.function.Supplier<CompletableFuture<T>> op,
                                                                  java.util.function.Predicate<T> ok) throws Exception {
        return loop.submit(() -> {
            CompletableFuture<T> f = op.get();
            boolean doneAlready = f.isDone();
            return f.thenApply(v -> !doneAlready && loop.inEventLoop() && ok.test(v));
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void a_pinned_client_runs_callbacks_and_completions_on_its_loop() throws Exception {
        EventLoop loop = group.next();
        Queue<String> offLoop = new ConcurrentLinkedQueue<>();
        Queue<String> received = new ConcurrentLinkedQueue<>();
        CompletableFuture<Boolean> lostOnLoop = new CompletableFuture<>();
        MqttSnClient c = track(builder().eventLoop(loop).listener(new MqttSnClientListener() {
            @Override
            public boolean onMessage(IncomingMessage m) {
                if (!loop.inEventLoop()) {
                    offLoop.add("onMessage on " + Thread.currentThread().getName());
                }
                received.add(new String(m.payload(), StandardCharsets.UTF_8));
                return true;
            }

            @Override
            public void onConnectionLost(Throwable cause) {
                lostOnLoop.complete(loop.inEventLoop());
            }
        }).build());
        assertThat(c.eventLoop()).isSameAs(loop);

        assertThat(get(completesOnLoop(loop, c::connect, r -> r.isAccepted()))).isTrue();
        assertThat(get(completesOnLoop(loop, () -> c.subscribe(Topic.name("hooks/pin"), 1), r -> r.isSuccess()))).isTrue();
        for (int i = 0; i < 5; i++) {
            byte[] payload = ("m" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(get(completesOnLoop(loop, () -> c.publish(Topic.name("hooks/pin"), 1, false, payload), v -> true))).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 5);
        assertThat(received).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(offLoop).isEmpty();

        gateway.close(); // sends DISCONNECT: the connection is lost, reported on the client's loop
        try {
            assertThat(lostOnLoop.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            restartGateway();
        }
    }

    @Test
    void a_client_can_be_built_and_used_on_its_own_loop_without_blocking_it() throws Exception {
        EventLoop loop = group.next();
        CompletableFuture<ConnectResult> connected = loop.submit(() -> track(builder().eventLoop(loop).build()).connect())
                .get(10, TimeUnit.SECONDS);
        assertThat(get(connected).returnCode()).isEqualTo(ReturnCode.ACCEPTED);
    }

    @Test
    void the_path_handler_sees_every_datagram_both_ways() throws Exception {
        PathTap tap = new PathTap();
        MqttSnClient c = track(builder().pathHandler(() -> tap).build());
        get(c.connect());
        get(c.subscribe(Topic.name("hooks/tap"), 1));
        get(c.publish(Topic.name("hooks/tap"), 1, false, new byte[300]));
        await().atMost(Duration.ofSeconds(10)).until(() -> c.counters().delivered() == 1);
        get(c.disconnect());

        ClientCounters k = c.counters();
        assertThat(tap.out.get()).isEqualTo((int) k.messagesOut()).isGreaterThanOrEqualTo(5);
        assertThat(tap.in.get()).isEqualTo((int) k.messagesIn()).isGreaterThanOrEqualTo(5);
        assertThat(tap.outboundNotPacket).isFalse();
        assertThat(tap.inboundNotPacket).isFalse();
    }

    @Test
    void datagrams_the_path_handler_drops_are_retransmitted() throws Exception {
        PathTap tap = new PathTap();
        MqttSnClient c = track(builder().pathHandler(() -> tap).build());
        get(c.connect());
        assertThat(c.counters().retransmissions()).isZero();

        tap.dropNextOut(2); // the PUBLISH and its first retransmission are lost on the way
        get(c.publish(Topic.name("hooks/drop"), 1, false, "out".getBytes(StandardCharsets.UTF_8)));
        assertThat(tap.droppedOut.get()).isEqualTo(2);
        assertThat(c.counters().retransmissions()).isGreaterThanOrEqualTo(2);

        long before = c.counters().retransmissions();
        tap.dropNextIn(1); // the PUBACK is lost on the way back
        get(c.publish(Topic.name("hooks/drop"), 1, false, "back".getBytes(StandardCharsets.UTF_8)));
        assertThat(tap.droppedIn.get()).isEqualTo(1);
        assertThat(c.counters().retransmissions()).isGreaterThan(before);
        assertThat(c.state()).isEqualTo(ClientState.CONNECTED);
    }

    @Test
    void closing_a_runtime_of_a_shared_group_closes_its_clients_but_not_the_group() throws Exception {
        MqttSnRuntime own = MqttSnRuntime.of(group, NioDatagramChannel.class);
        MqttSnClient c = builder().runtime(own).build();
        get(c.connect());
        own.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> c.state() == ClientState.CLOSED);
        assertThat(group.isShuttingDown()).isFalse();
        assertThat(own.isClosed()).isTrue();
    }

    @Test
    void a_client_pinned_to_an_epoll_loop_of_a_shared_group_works_as_the_modem_uses_it() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll is not available here");
        EpollEventLoopGroup epoll = new EpollEventLoopGroup(1);
        try (MqttSnRuntime rt = MqttSnRuntime.of(epoll, EpollDatagramChannel.class)) {
            EventLoop loop = epoll.next();
            CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
            MqttSnClient c = track(builder().runtime(rt).eventLoop(loop).listener(new MqttSnClientListener() {
                @Override
                public boolean onMessage(IncomingMessage m) {
                    onLoop.complete(loop.inEventLoop());
                    return true;
                }
            }).build());
            get(c.connect());
            get(c.subscribe(Topic.name("hooks/epoll"), 1));
            get(c.publish(Topic.name("hooks/epoll"), 1, false, "e".getBytes(StandardCharsets.UTF_8)));
            assertThat(onLoop.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            epoll.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_loop_that_does_not_fit_the_runtime_is_refused_at_build() {
        assumeTrue(Epoll.isAvailable(), "epoll is not available here");
        EpollEventLoopGroup epoll = new EpollEventLoopGroup(1);
        try {
            assertThatThrownBy(() -> builder().eventLoop(epoll.next()).build()) // the runtime makes NIO channels
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            epoll.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    private static void restartGateway() {
        gateway = MqttSnGateway.builder().broker(broker.host(), broker.port()).runtime(runtime)
                .retry(Duration.ofMillis(200), 3).build().start();
    }
}
