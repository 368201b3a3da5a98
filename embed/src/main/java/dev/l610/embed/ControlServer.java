package dev.l610.embed;

import dev.l610.embed.internal.BodyLimit;
import dev.l610.embed.internal.ConsolePage;
import dev.l610.embed.internal.EventStreams;
import dev.l610.embed.internal.InjectedLine;
import dev.l610.embed.internal.Query;
import dev.l610.embed.internal.RequestDeadline;
import dev.l610.embed.internal.RequestGuard;
import dev.l610.modem.Faults;
import dev.l610.modem.ModemCounters;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.NetworkState;
import dev.l610.modem.mqtt.ClientStatus;
import dev.l610.modem.net.Direction;
import dev.l610.modem.net.Shaping;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The control API: HTTP + JSON on a loopback address only, on the runtime's event loops (no thread of
 * its own, so slow clients cannot starve it).
 * <ul>
 *   <li>{@code GET /status}: network state, each MQTT client's state and counters, modem counters</li>
 *   <li>{@code POST /faults/<name>}: radio-off, radio-on, deregister, register, context-drop,
 *       context-restore, broker-kill?client=N, blackhole?on=true|false, signal?rssi=N,
 *       udp?latency_ms=N&amp;loss=P (the MQTT-SN path; udp with no parameters ends it),
 *       shape?dir=up|down|both&amp;latency_ms=N&amp;jitter_ms=N&amp;rate_bps=N&amp;loss=P (the whole radio path),
 *       power-cycle (a reset: docs/at-reference.md §5), sim?state=ready|absent|pin:PIN (another SIM),
 *       timing?profile=instant|cat1|nbiot (the timing profile from now on)</li>
 *   <li>{@code GET /transcript}: the serial line so far, as text, passwords masked</li>
 *   <li>{@code POST /line/urc} (body or {@code ?line=}): a line to the host as a URC; {@code POST /line/raw}: the
 *       body's bytes to the host as they are, at once (even inside an answer)</li>
 *   <li>{@code GET /events}: the live line and the status as server-sent events ({@link EventStreams})</li>
 *   <li>{@code GET /}: the web console ({@link ConsolePage})</li>
 *   <li>{@code POST /scenario} (a scenario file as the body), {@code GET /scenario}, {@code DELETE /scenario} or
 *       {@code POST /scenario/stop}: start, read and end a scenario ({@link dev.l610.embed.internal.ScenarioControl})</li>
 * </ul>
 * Answers are JSON ({@code {"ok":true,...}} or {@code {"error":"..."}} with status 400/403/404/405/421).
 * Protection against other sites' pages (see {@link RequestGuard}): the {@code Host} must be the bound
 * address, a foreign {@code Origin} is refused, and a POST needs the header {@code X-L610: 1}. A request
 * must arrive whole within {@value #REQUEST_SECONDS} s, its header within 8 KiB and its body within
 * {@value #MAX_BODY} bytes; at most {@value #MAX_CONNECTIONS} connections are served at once.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    static final int MAX_CONNECTIONS = 64;
    static final int REQUEST_SECONDS = 10;
    static final int MAX_BODY = 16 * 1024;
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final VirtualL610 l610;
    private final Channel server;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile RequestGuard guard;
    private final EventStreams events;
    private final dev.l610.embed.internal.ScenarioControl scenarios;

    private ControlServer(VirtualL610 l610, ModemRuntime runtime, InetSocketAddress bind) {
        this.l610 = l610;
        this.scenarios = new dev.l610.embed.internal.ScenarioControl(l610);
        ServerBootstrap b = new ServerBootstrap().group(runtime.group()).channel(runtime.serverSocketChannelClass())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (connections.incrementAndGet() > MAX_CONNECTIONS) {
                            connections.decrementAndGet();
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> connections.decrementAndGet());
                        // the deadline behind the codec: it sees the request's end (LastHttpContent), not bytes
                        ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192), new RequestDeadline(REQUEST_SECONDS),
                                new BodyLimit(MAX_BODY), new Handler());
                    }
                });
        try {
            server = b.bind(bind).syncUninterruptibly().channel();
        } catch (Exception e) {
            if (e instanceof BindException) {
                throw new IllegalArgumentException("control API port " + bind.getHostString() + ":" + bind.getPort()
                        + " is already in use", e);
            }
            throw new IllegalArgumentException("cannot start the control API on " + bind + ": " + e.getMessage(), e);
        }
        guard = new RequestGuard(address());
        events = new EventStreams(l610.modem().executor(), this::status);
        l610.modem().addTap(events.tap());
    }

    static ControlServer start(VirtualL610 l610, InetSocketAddress bind) {
        if (bind.getAddress() == null || !bind.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the control API listens on a loopback address only (127.0.0.1), not "
                    + bind.getHostString());
        }
        return new ControlServer(l610, l610.modem().runtime(), bind);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** How many {@code GET /events} streams are open (for tests). */
    CompletableFuture<Integer> events() {
        return events.count();
    }

    /** One request: routed, answered asynchronously (nothing blocks the event loop). */
    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (!req.decoderResult().isSuccess()) {
                reply(ctx, false, 400, "application/json", error("malformed request"));
                return;
            }
            RequestGuard.Refusal refusal = guard.check(req);
            if (refusal != null) {
                reply(ctx, false, refusal.status(), "application/json", error(refusal.reason()));
                return;
            }
            if (console(ctx, req, keepAlive)) {
                return;
            }
            CompletableFuture<Answer> answer;
            try {
                answer = route(req).orTimeout(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((a, e) -> {
                if (e == null) {
                    reply(ctx, keepAlive, a.status, a.type, a.body);
                    return;
                }
                Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                if (c instanceof HttpError h) {
                    reply(ctx, keepAlive, h.status, "application/json", error(h.getMessage()));
                } else if (c instanceof IllegalArgumentException) {
                    reply(ctx, keepAlive, 400, "application/json", error(c.getMessage()));
                } else {
                    LOG.warn("control request {} {} failed", req.method(), req.uri(), c);
                    reply(ctx, keepAlive, 500, "application/json", error(String.valueOf(c.getMessage())));
                }
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("control connection failed", cause);
            ctx.close();
        }
    }

    /** The web console's page and its event stream: answered here, as they are not JSON. */
    private boolean console(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
        String path = new QueryStringDecoder(req.uri()).path();
        if (!path.equals(EventStreams.PATH) && !ConsolePage.serves(path)) {
            return false;
        }
        RequestGuard.Refusal r;
        try {
            int q = req.uri().indexOf('?');
            Query query = Query.parse(q < 0 ? null : req.uri().substring(q + 1));
            r = path.equals(EventStreams.PATH) ? events.open(ctx, req, query) : ConsolePage.serve(ctx, req, path, query, keepAlive);
        } catch (IllegalArgumentException e) {
            r = new RequestGuard.Refusal(400, e.getMessage());
        }
        if (r != null) {
            reply(ctx, keepAlive, r.status(), "application/json", error(r.reason()));
        }
        return true;
    }

    private record Answer(int status, String type, String body) {
        static Answer json(String body) {
            return new Answer(200, "application/json", body);
        }
    }

    private CompletableFuture<Answer> route(FullHttpRequest req) {
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path = uri.path();
        int q = req.uri().indexOf('?');
        Query query = Query.parse(q < 0 ? null : req.uri().substring(q + 1));
        HttpMethod method = req.method();
        if (path.equals("/status")) {
            requireMethod(method, HttpMethod.GET);
            query.only("/status");
            return status().thenApply(Answer::json);
        }
        if (path.equals("/transcript")) {
            requireMethod(method, HttpMethod.GET);
            query.only("/transcript");
            return CompletableFuture.completedFuture(new Answer(200, "text/plain; charset=utf-8", l610.transcript()));
        }
        if (path.equals(InjectedLine.PATH)) {
            requireMethod(method, HttpMethod.POST);
            String line = InjectedLine.parse(query, req.content());
            l610.modem().urc(line);
            return CompletableFuture.completedFuture(Answer.json("{\"ok\":true,\"urc\":" + Json.str(line) + "}\n"));
        }
        if (path.equals(InjectedLine.RAW_PATH)) {
            requireMethod(method, HttpMethod.POST);
            byte[] bytes = InjectedLine.raw(query, req.content());
            l610.modem().writeRaw(bytes);
            return CompletableFuture.completedFuture(Answer.json("{\"ok\":true,\"bytes\":" + bytes.length + "}\n"));
        }
        if (dev.l610.embed.internal.ScenarioControl.handles(path)) { // POST/GET/DELETE /scenario, POST /scenario/stop
            return scenarios.route(req, path, query).thenApply(r -> new Answer(r.status(), "application/json", r.body()));
        }
        if (path.startsWith("/faults/")) {
            requireMethod(method, HttpMethod.POST);
            String name = path.substring("/faults/".length());
            return fault(name, query).thenApply(v -> Answer.json("{\"ok\":true,\"fault\":" + Json.str(name) + "}\n"));
        }
        throw new HttpError(404, "no such resource: " + path + " (try GET / for the web console, GET /status, GET /events, POST /faults/<name>, POST /line/urc, GET /transcript, GET /scenario)");
    }

    private CompletableFuture<?> fault(String name, Query q) {
        Faults f = l610.faults();
        String r = "/faults/" + name;
        return switch (name) {
            case "radio-off" -> plain(q, r, () -> f.radio(false));
            case "radio-on" -> plain(q, r, () -> f.radio(true));
            case "deregister" -> plain(q, r, f::deregister);
            case "register" -> plain(q, r, f::register);
            case "context-drop" -> plain(q, r, f::dropContext);
            case "context-restore" -> plain(q, r, f::restoreContext);
            case "broker-kill" -> {
                int client = q.only(r, "client").integer("client");
                yield f.killBrokerConnection(client).thenAccept(killed -> {
                    if (!killed) {
                        throw new IllegalArgumentException("client " + client + " is not open");
                    }
                });
            }
            case "blackhole" -> f.blackhole(q.only(r, "on").bool("on", true));
            case "signal" -> f.signal(q.only(r, "rssi").integer("rssi"));
            case "udp" -> f.udp(q.only(r, "latency_ms", "loss").integer("latency_ms", 0), q.number("loss", 0));
            case "shape" -> shape(f, q.only(r, "dir", "latency_ms", "jitter_ms", "rate_bps", "loss"));
            case "power-cycle" -> plain(q, r, f::powerCycle);
            case "sim" -> f.sim(dev.l610.modem.SimSetting.parse(q.only(r, "state").text("state", "")));
            case "timing" -> f.timing(namedTiming(q.only(r, "profile").text("profile", "")));
            default -> throw new HttpError(404, "no such fault: " + name + " (radio-off, radio-on, deregister, register, "
                    + "context-drop, context-restore, broker-kill?client=N, blackhole?on=true|false, signal?rssi=N, "
                    + "udp?latency_ms=N&loss=P, shape?dir=up|down|both&latency_ms=N&jitter_ms=N&rate_bps=N&loss=P, "
                    + "power-cycle, sim?state=ready|absent|pin:PIN, timing?profile=instant|cat1|nbiot)");
        };
    }

    /** A shipped timing profile only: the control API does not read files named by a request. */
    private static dev.l610.modem.TimingProfile namedTiming(String name) {
        if (!dev.l610.modem.TimingProfile.NAMES.contains(name)) {
            throw new IllegalArgumentException("profile must be one of instant, cat1, nbiot, was '" + name + "'");
        }
        return dev.l610.modem.TimingProfile.of(name);
    }

    /** Shaping of the radio path; all figures 0 (or left out) end it. */
    private static CompletableFuture<?> shape(Faults f, Query q) {
        String dir = q.text("dir", "both");
        Shaping s = new Shaping(Duration.ofMillis(q.integer("latency_ms", 0)), Duration.ofMillis(q.integer("jitter_ms", 0)),
                q.integer("rate_bps", 0), q.number("loss", 0));
        return switch (dir) {
            case "up" -> f.shape(Direction.UPLINK, s);
            case "down" -> f.shape(Direction.DOWNLINK, s);
            case "both" -> f.shape(Direction.UPLINK, s).thenCompose(v -> f.shape(Direction.DOWNLINK, s));
            default -> throw new IllegalArgumentException("dir must be up, down or both, was " + dir);
        };
    }

    /** A fault without parameters: any query parameter is refused. */
    private static CompletableFuture<?> plain(Query q, String resource, java.util.function.Supplier<CompletableFuture<?>> fault) {
        q.only(resource);
        return fault.get();
    }

    private CompletableFuture<String> status() {
        CompletableFuture<String> network = l610.modem().call(m -> {
            NetworkState n = m.networkState();
            return "{\"radio\":" + n.radioOn() + ",\"registered\":" + n.registered()
                + ",\"attached\":" + n.attached() + ",\"context\":" + n.contextUp() + ",\"ip\":" + Json.str(n.ip())
                + ",\"rssi\":" + n.rssi() + ",\"sim\":" + Json.str(m.sim().state().name()) + ",\"timing\":"
                + Json.str(m.timing().name()) + "}";
        });
        CompletableFuture<String> path = l610.faults().pathState().thenApply(ControlServer::path);
        return network.thenCombine(path, (n, p) -> n + ",\"path\":" + p)
                .thenCombine(l610.modem().mqtt().status(), this::status);
    }

    /** The radio path's active faults: blackhole, shaping per direction, the udp fault's datagram shaping. */
    private static String path(Faults.PathState p) {
        return "{\"blackhole\":" + p.blackhole() + ",\"uplink\":" + shaping(p.uplink()) + ",\"downlink\":"
                + shaping(p.downlink()) + ",\"udpUplink\":" + shaping(p.udpUplink()) + ",\"udpDownlink\":"
                + shaping(p.udpDownlink()) + "}";
    }

    private static String shaping(Shaping s) {
        if (s == null || s.isNone()) {
            return "null";
        }
        return "{\"latency_ms\":" + s.latency().toMillis() + ",\"jitter_ms\":" + s.jitter().toMillis()
                + ",\"rate_bps\":" + s.bytesPerSecond() + ",\"loss\":" + s.loss() + "}";
    }

    private String status(String network, List<ClientStatus> clients) {
        StringBuilder b = new StringBuilder("{\"imei\":").append(Json.str(l610.modem().config().imei()))
                .append(",\"network\":").append(network).append(",\"clients\":[");
        for (int i = 0; i < clients.size(); i++) {
            ClientStatus c = clients.get(i);
            b.append(i == 0 ? "" : ",").append("{\"id\":").append(c.id()).append(",\"state\":").append(Json.str(c.state()))
                    .append(",\"messagesIn\":").append(c.messagesIn()).append(",\"messagesOut\":").append(c.messagesOut())
                    .append(",\"breaks\":").append(c.breaks()).append(",\"stored\":").append(c.stored())
                    .append(",\"withheld\":").append(c.withheld()).append(",\"qos0Dropped\":").append(c.qos0Dropped()).append('}');
        }
        ModemCounters mc = l610.modem().counters();
        InetSocketAddress host = l610.tcpHost();
        b.append("],\"counters\":{\"commands\":").append(mc.commandsRun()).append(",\"urcsDropped\":").append(mc.urcsDropped())
                .append("},\"host\":").append(host == null ? "null" : Json.str(host.getHostString() + ":" + host.getPort()))
                .append(",\"gateway\":").append(gateway()).append("}\n");
        return b.toString();
    }

    /** The MQTT-SN gateway's sessions and counters (GatewayCounters, field by field), or null. */
    private String gateway() {
        dev.l610.mqttsn.gateway.GatewayCounters g = l610.gatewayCounters();
        if (g == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("{\"sessions\":").append(l610.gatewaySessions());
        for (var c : dev.l610.mqttsn.gateway.GatewayCounters.class.getRecordComponents()) {
            try {
                b.append(",\"").append(c.getName()).append("\":").append(c.getAccessor().invoke(g));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return b.append('}').toString();
    }

    private static void requireMethod(HttpMethod method, HttpMethod wanted) {
        if (!method.equals(wanted)) {
            throw new HttpError(405, "use " + wanted);
        }
    }

    private static String error(String message) {
        return "{\"error\":" + Json.str(message == null ? "failed" : message) + "}\n";
    }

    private static void reply(ChannelHandlerContext ctx, boolean keepAlive, int status, String type, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("X-Content-Type-Options", "nosniff");
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r);
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A request error with its HTTP status. */
    private static final class HttpError extends RuntimeException {
        final int status;

        HttpError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @Override
    public void close() {
        l610.modem().removeTap(events.tap());
        events.close();
        server.close().syncUninterruptibly();
    }
}
