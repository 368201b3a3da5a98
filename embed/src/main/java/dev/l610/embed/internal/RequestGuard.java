package dev.l610.embed.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Set;

/**
 * The control API's rule against requests a browser makes on behalf of another site:
 * <ul>
 *   <li>the {@code Host} must name the address the API is bound to ({@code 127.0.0.1:<port>},
 *       {@code localhost:<port>}, {@code [::1]:<port>}), so a DNS-rebinding page ({@code evil.example:<port>})
 *       is refused (421);</li>
 *   <li>an {@code Origin}, when sent, must be the API's own (403);</li>
 *   <li>a request that changes state ({@code POST}) must carry the header {@value #HEADER}: a page cannot
 *       add it to a cross-site request without a CORS preflight, which this API never grants (403).</li>
 * </ul>
 */
public final class RequestGuard {

    /** The header a state-changing request must carry (any value). */
    public static final String HEADER = "X-L610";

    private final Set<String> hosts;

    public RequestGuard(InetSocketAddress bound) {
        int port = bound.getPort();
        Set<String> h = new java.util.LinkedHashSet<>(java.util.List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port,
                bound.getHostString().toLowerCase(Locale.ROOT) + ":" + port));
        hosts = java.util.Collections.unmodifiableSet(h);
    }

    /** Null when the request may go on; otherwise the refusal. */
    public Refusal check(HttpRequest r) {
        String host = r.headers().get(HttpHeaderNames.HOST);
        if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
            return new Refusal(421, "this API answers requests for " + hosts.iterator().next() + " only, not Host: " + host);
        }
        String origin = r.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !(origin.startsWith("http://") && hosts.contains(origin.substring(7).toLowerCase(Locale.ROOT)))) {
            return new Refusal(403, "cross-origin requests are refused (Origin: " + origin + ")");
        }
        if (r.method().equals(HttpMethod.POST) && !r.headers().contains(HEADER)) {
            return new Refusal(403, "a POST needs the header '" + HEADER + ": 1' (a guard against cross-site requests)");
        }
        return null;
    }

    /** A refused request: its HTTP status and the reason. */
    public record Refusal(int status, String reason) {
    }
}
