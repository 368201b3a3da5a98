package dev.l610.embed.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web console ({@code GET /}): a page, its script and its style, served from the jar. The page talks
 * to the control API only (same origin: {@code GET /events}, {@code GET /status}, the POSTs with the
 * header {@code X-L610}); its answers forbid framing, inline script, sniffing and any other origin
 * ({@code Content-Security-Policy}, {@code X-Frame-Options: DENY}, {@code Cross-Origin-Resource-Policy}).
 */
public final class ConsolePage {

    /** Scripts and styles from this origin only, connections to it only, no frames, no forms elsewhere. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record Resource(String type, byte[] body) {
    }

    private static final Map<String, Resource> RESOURCES = Map.of(
            "/", new Resource("text/html; charset=utf-8", load("index.html")),
            "/console.js", new Resource("text/javascript; charset=utf-8", load("console.js")),
            "/console.css", new Resource("text/css; charset=utf-8", load("console.css")));

    private ConsolePage() {
    }

    private static byte[] load(String name) {
        try (InputStream in = ConsolePage.class.getResourceAsStream("console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the web console's " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code path} is one of the console's. */
    public static boolean serves(String path) {
        return RESOURCES.containsKey(path);
    }

    /** Answers a request for one of the console's paths; returns the refusal instead (its caller answers it). */
    public static RequestGuard.Refusal serve(ChannelHandlerContext ctx, HttpRequest req, String path, Query query, boolean keepAlive) {
        if (!req.method().equals(HttpMethod.GET)) {
            return new RequestGuard.Refusal(405, "use GET");
        }
        try {
            query.only(path);
        } catch (IllegalArgumentException e) {
            return new RequestGuard.Refusal(400, e.getMessage());
        }
        Resource r = RESOURCES.get(path);
        FullHttpResponse a = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(r.body()));
        a.headers().set(HttpHeaderNames.CONTENT_TYPE, r.type())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("Content-Security-Policy", CSP)
                .set("X-Frame-Options", "DENY")
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer")
                .set("Cross-Origin-Opener-Policy", "same-origin")
                .set("Cross-Origin-Resource-Policy", "same-origin");
        if (keepAlive) {
            a.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(a);
        } else {
            a.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(a).addListener(ChannelFutureListener.CLOSE);
        }
        return null;
    }
}
