package dev.l610.embed.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.l610.embed.internal.Query;
import dev.l610.embed.internal.RequestGuard;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control API's input checks fed arbitrary input (regression over the committed inputs in every
 * build; fuzzing with -Pfuzz).
 *
 * <p>{@link Query}: parsing and every accessor either answer or throw {@link IllegalArgumentException}
 * (which the API answers 400), nothing else; a parameter it returns was in the query.
 *
 * <p>{@link RequestGuard}: never throws; lets a request through exactly when its Host is the bound
 * address (127.0.0.1 / localhost / [::1] with the port, any case), its Origin (if any) is
 * {@code http://} + such a host, and a POST carries {@code X-L610}; otherwise 421 for the Host, 403 else.
 */
class ControlInputFuzzTest {

    private static final int PORT = 47_610;
    private static final RequestGuard GUARD = new RequestGuard(new InetSocketAddress("127.0.0.1", PORT));
    private static final Set<String> HOSTS = Set.of("127.0.0.1:" + PORT, "localhost:" + PORT, "[::1]:" + PORT);

    @FuzzTest(maxDuration = "60s")
    void query(byte[] input) {
        String raw = new String(input, java.nio.charset.StandardCharsets.UTF_8);
        Query q;
        try {
            q = Query.parse(raw);
        } catch (IllegalArgumentException refused) {
            return;
        }
        for (String name : new String[] {"on", "latency", "loss", "seed", "id", ""}) {
            try {
                q.integer(name, 0);
                q.number(name, 0);
                q.bool(name, false);
                String t = q.text(name, null);
                if (t != null) {
                    assertThat(q.has(name)).isTrue();
                }
            } catch (IllegalArgumentException refused) {
                // answered 400
            }
        }
        try {
            q.only("/faults/x", "on", "latency");
            for (String known : new String[] {"on", "latency"}) {
                q.text(known, "");
            }
        } catch (IllegalArgumentException refused) {
            // answered 400
        }
    }

    @FuzzTest(maxDuration = "60s")
    void guard(FuzzedDataProvider data) {
        boolean post = data.consumeBoolean();
        boolean withHeader = data.consumeBoolean();
        String host = data.consumeBoolean() ? pick(data) : null;
        String origin = data.consumeBoolean() ? (data.consumeBoolean() ? "http://" : "") + pick(data) : null;
        DefaultHttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, post ? HttpMethod.POST : HttpMethod.GET,
                "/status", false); // not validated: the guard must cope with whatever the codec lets through
        if (host != null) {
            r.headers().set(HttpHeaderNames.HOST, host);
        }
        if (origin != null) {
            r.headers().set(HttpHeaderNames.ORIGIN, origin);
        }
        if (withHeader) {
            r.headers().set(RequestGuard.HEADER, data.consumeRemainingAsString());
        }
        RequestGuard.Refusal refusal = GUARD.check(r);

        boolean hostOk = host != null && HOSTS.contains(host.toLowerCase(Locale.ROOT));
        boolean originOk = origin == null
                || origin.startsWith("http://") && HOSTS.contains(origin.substring(7).toLowerCase(Locale.ROOT));
        if (!hostOk) {
            assertThat(refusal).isNotNull();
            assertThat(refusal.status()).isEqualTo(421);
        } else if (!originOk || post && !withHeader) {
            assertThat(refusal).isNotNull();
            assertThat(refusal.status()).isEqualTo(403);
        } else {
            assertThat(refusal).isNull();
        }
    }

    /** A host: mostly near the accepted ones (case, port, suffix), else arbitrary. */
    private static String pick(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 5)) {
            case 0 -> "127.0.0.1:" + PORT;
            case 1 -> "LOCALHOST:" + PORT;
            case 2 -> "[::1]:" + data.consumeInt(0, 65_535);
            case 3 -> "localhost:" + PORT + data.consumeString(4);
            case 4 -> data.consumeString(8) + "127.0.0.1:" + PORT;
            default -> data.consumeString(40);
        };
    }
}
