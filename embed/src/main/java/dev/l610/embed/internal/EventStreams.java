package dev.l610.embed.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@code GET /events}: the live line and the modem's state as server-sent events (text/event-stream):
 * <ul>
 *   <li>{@code event: line} — one line of traffic ({@link LiveLine}); the last {@value #BACKLOG} lines are
 *       sent first to a new subscriber;</li>
 *   <li>{@code event: status} — what {@code GET /status} answers, at subscription and whenever it changes
 *       (looked at {@value #STATUS_MILLIS} ms after line traffic, and every second);</li>
 *   <li>{@code event: gap} — {@code {"dropped":N}}: N events were not sent to this subscriber because it
 *       read too slowly.</li>
 * </ul>
 * Each subscriber has at most {@value #MAX_QUEUED_BYTES} bytes of events waiting to be written; past that
 * its events are dropped (and counted for its next gap event) — never buffered without bound. At most
 * {@value #MAX_STREAMS} streams at once (503 past that), so the control server's other connections stay
 * free for requests. Everything runs on the modem's loop and never waits there; {@link #close()} ends
 * every stream.
 */
public final class EventStreams implements AutoCloseable {

    public static final String PATH = "/events";
    public static final int MAX_STREAMS = 16;
    public static final int MAX_QUEUED_BYTES = 256 * 1024;
    static final int BACKLOG = 200;
    static final int STATUS_MILLIS = 100;

    private final EventLoop loop;
    private final Supplier<CompletableFuture<String>> status;
    private final LiveLine tap = new LiveLine(this::line);
    private final ScheduledFuture<?> poll;
    // the modem's loop only
    private final List<Stream> streams = new ArrayList<>();
    private final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
    private String lastStatus = "";
    private boolean statusPending;
    private boolean closed;

    public EventStreams(EventLoop loop, Supplier<CompletableFuture<String>> status) {
        this.loop = loop;
        this.status = status;
        this.poll = loop.scheduleAtFixedRate(this::refreshStatus, 1, 1, TimeUnit.SECONDS);
    }

    /** The tap to add to the modem. */
    public LiveLine tap() {
        return tap;
    }

    /**
     * Answers {@code GET /events} on this connection: from now on the connection carries the stream.
     * Returns the refusal instead when the request is not one (its caller answers it).
     */
    public RequestGuard.Refusal open(ChannelHandlerContext ctx, HttpRequest req, Query query) {
        if (!req.method().equals(HttpMethod.GET)) {
            return new RequestGuard.Refusal(405, "use GET");
        }
        try {
            query.only(PATH);
        } catch (IllegalArgumentException e) {
            return new RequestGuard.Refusal(400, e.getMessage());
        }
        Channel ch = ctx.channel();
        // the connection is the stream's: later requests on it are read and dropped
        ctx.pipeline().replace(ctx.handler(), "events", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) {
                ReferenceCountUtil.release(msg);
            }
        });
        loop.execute(() -> subscribe(ch));
        return null;
    }

    private void subscribe(Channel ch) {
        if (closed || streams.size() >= MAX_STREAMS) {
            refuse(ch, closed ? "the control API is stopping" : "at most " + MAX_STREAMS + " event streams at once");
            return;
        }
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("X-Content-Type-Options", "nosniff");
        HttpUtil.setTransferEncodingChunked(r, true);
        ch.write(r);
        Stream s = new Stream(ch);
        streams.add(s);
        ch.closeFuture().addListener(f -> {
            if (!loop.isShuttingDown()) {
                loop.execute(() -> streams.remove(s));
            }
        });
        s.send("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
        for (byte[] e : backlog) {
            s.send(e);
        }
        if (streams.size() == 1) {
            lastStatus = ""; // nobody has seen the status since the last stream went: the new one gets it now
        } else if (!lastStatus.isEmpty()) {
            s.send(frame("status", lastStatus)); // what the others have; a change follows as for them
        }
        refreshStatus();
    }

    private static void refuse(Channel ch, String reason) {
        HttpResponse r = new io.netty.handler.codec.http.DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SERVICE_UNAVAILABLE, Unpooled.wrappedBuffer(("{\"error\":" + JsonText.str(reason) + "}\n")
                        .getBytes(StandardCharsets.UTF_8)));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json").set(HttpHeaderNames.CONNECTION, "close");
        HttpUtil.setContentLength(r, ((io.netty.handler.codec.http.FullHttpResponse) r).content().readableBytes());
        ch.writeAndFlush(r).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
    }

    /** A line event from the tap (on the modem's loop). */
    private void line(String json) {
        byte[] f = frame("line", json);
        if (backlog.size() == BACKLOG) {
            backlog.poll();
        }
        backlog.add(f);
        for (Stream s : streams) {
            s.send(f);
        }
        if (!statusPending && !streams.isEmpty()) {
            statusPending = true;
            loop.schedule(() -> {
                statusPending = false;
                refreshStatus();
            }, STATUS_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void refreshStatus() {
        if (streams.isEmpty() || closed) {
            return;
        }
        CompletableFuture<String> next;
        try {
            next = status.get();
        } catch (RuntimeException e) {
            return; // the modem is stopping
        }
        next.whenComplete((json, e) -> {
            if (e == null) {
                loop.execute(() -> {
                    if (!json.equals(lastStatus)) {
                        lastStatus = json;
                        byte[] f = frame("status", json);
                        for (Stream s : streams) {
                            s.send(f);
                        }
                    }
                });
            }
        });
    }

    static byte[] frame(String event, String json) {
        return ("event: " + event + "\ndata: " + json.strip() + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The streams open now (for tests). */
    public CompletableFuture<Integer> count() {
        return CompletableFuture.supplyAsync(streams::size, loop);
    }

    @Override
    public void close() {
        poll.cancel(false);
        Runnable end = () -> {
            closed = true;
            for (Stream s : List.copyOf(streams)) {
                s.ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            }
            streams.clear();
        };
        if (loop.inEventLoop()) {
            end.run();
        } else if (!loop.isShuttingDown()) {
            try {
                loop.submit(end).await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One subscriber: its channel, the bytes written to it and not yet gone, the events it missed. */
    private static final class Stream {
        final Channel ch;
        final AtomicLong queued = new AtomicLong(); // also lowered on the channel's loop, when a write is done
        long dropped; // the modem's loop

        Stream(Channel ch) {
            this.ch = ch;
        }

        void send(byte[] f) {
            if (dropped > 0) {
                byte[] gap = frame("gap", "{\"dropped\":" + dropped + "}");
                if (!write(gap)) {
                    dropped++;
                    return;
                }
                dropped = 0;
            }
            if (!write(f)) {
                dropped++;
            }
        }

        private boolean write(byte[] f) {
            if (queued.get() + f.length > MAX_QUEUED_BYTES) {
                return false;
            }
            queued.addAndGet(f.length);
            ch.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(f))).addListener(x -> queued.addAndGet(-f.length));
            return true;
        }
    }
}
