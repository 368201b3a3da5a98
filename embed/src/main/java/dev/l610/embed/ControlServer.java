package dev.l610.embed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.l610.modem.Faults;
import dev.l610.modem.ModemCounters;
import dev.l610.modem.NetworkState;
import dev.l610.modem.mqtt.ClientStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The control API: HTTP + JSON on a loopback address only.
 * <ul>
 *   <li>{@code GET /status}: network state, each MQTT client's state and counters, modem counters</li>
 *   <li>{@code POST /faults/<name>}: radio-off, radio-on, deregister, register, context-drop,
 *       context-restore, broker-kill?client=N, blackhole?on=true|false, signal?rssi=N,
 *       udp?latency_ms=N&amp;loss=P (the MQTT-SN path; udp with no parameters ends it)</li>
 *   <li>{@code GET /transcript}: the serial line so far, as text</li>
 * </ul>
 * Answers are JSON ({@code {"ok":true,...}} or {@code {"error":"..."}} with status 400/404/405).
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final VirtualL610 l610;
    private final HttpServer server;
    private final ExecutorService executor;

    private ControlServer(VirtualL610 l610, HttpServer server, ExecutorService executor) {
        this.l610 = l610;
        this.server = server;
        this.executor = executor;
    }

    static ControlServer start(VirtualL610 l610, InetSocketAddress bind) {
        if (bind.getAddress() == null || !bind.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the control API listens on a loopback address only (127.0.0.1), not "
                    + bind.getHostString());
        }
        HttpServer server;
        try {
            server = HttpServer.create(bind, 16);
        } catch (BindException e) {
            throw new IllegalArgumentException("control API port " + bind.getHostString() + ":" + bind.getPort()
                    + " is already in use", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot start the control API on " + bind + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "l610-control");
            t.setDaemon(true);
            return t;
        });
        ControlServer c = new ControlServer(l610, server, executor);
        server.createContext("/", c::handle);
        server.setExecutor(executor);
        server.start();
        return c;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/status")) {
                requireMethod(method, "GET");
                send(ex, 200, "application/json", status());
            } else if (path.equals("/transcript")) {
                requireMethod(method, "GET");
                send(ex, 200, "text/plain; charset=utf-8", l610.transcript());
            } else if (path.startsWith("/faults/")) {
                requireMethod(method, "POST");
                String name = path.substring("/faults/".length());
                fault(name, query(ex.getRequestURI())).get(10, TimeUnit.SECONDS);
                send(ex, 200, "application/json", "{\"ok\":true,\"fault\":" + Json.str(name) + "}\n");
            } else {
                send(ex, 404, "application/json", error("no such resource: " + path
                        + " (try GET /status, POST /faults/<name>, GET /transcript)"));
            }
        } catch (HttpError e) {
            send(ex, e.status, "application/json", error(e.getMessage()));
        } catch (Exception e) {
            Throwable c = e.getCause() != null && !(e instanceof IllegalArgumentException) ? e.getCause() : e;
            int status = c instanceof IllegalArgumentException ? 400 : 500;
            if (status == 500) {
                LOG.warn("control request failed", e);
            }
            send(ex, status, "application/json", error(c.getMessage()));
        }
    }

    private CompletableFuture<?> fault(String name, Map<String, String> q) {
        Faults f = l610.faults();
        return switch (name) {
            case "radio-off" -> f.radio(false);
            case "radio-on" -> f.radio(true);
            case "deregister" -> f.deregister();
            case "register" -> f.register();
            case "context-drop" -> f.dropContext();
            case "context-restore" -> f.restoreContext();
            case "broker-kill" -> f.killBrokerConnection(intParam(q, "client")).thenAccept(killed -> {
                if (!killed) {
                    throw new IllegalArgumentException("client " + q.get("client") + " is not open");
                }
            });
            case "blackhole" -> f.blackhole(Boolean.parseBoolean(q.getOrDefault("on", "true")));
            case "signal" -> f.signal(intParam(q, "rssi"));
            case "udp" -> f.udp(q.containsKey("latency_ms") ? intParam(q, "latency_ms") : 0, doubleParam(q, "loss"));
            default -> throw new HttpError(404, "no such fault: " + name + " (radio-off, radio-on, deregister, register, "
                    + "context-drop, context-restore, broker-kill?client=N, blackhole?on=true|false, signal?rssi=N, "
                    + "udp?latency_ms=N&loss=P)");
        };
    }

    private String status() throws Exception {
        String network = l610.modem().call(m -> {
            NetworkState n = m.networkState();
            return "{\"radio\":" + n.radioOn() + ",\"registered\":" + n.registered()
                + ",\"attached\":" + n.attached() + ",\"context\":" + n.contextUp() + ",\"ip\":" + Json.str(n.ip())
                + ",\"rssi\":" + n.rssi() + "}";
        }).get(5, TimeUnit.SECONDS);
        List<ClientStatus> clients = l610.modem().mqtt().status().get(5, TimeUnit.SECONDS);
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
                .append("}\n");
        return b.toString();
    }

    private static int intParam(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing query parameter " + name);
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was " + v);
        }
    }

    private static double doubleParam(Map<String, String> q, String name) {
        String v = q.getOrDefault(name, "0");
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was " + v);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                String k = java.net.URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                q.put(k, v);
            }
        }
        return q;
    }

    private static void requireMethod(String method, String wanted) {
        if (!method.equals(wanted)) {
            throw new HttpError(405, "use " + wanted);
        }
    }

    private static String error(String message) {
        return "{\"error\":" + Json.str(message == null ? "failed" : message) + "}\n";
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
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
        server.stop(0);
        executor.shutdownNow();
    }
}
