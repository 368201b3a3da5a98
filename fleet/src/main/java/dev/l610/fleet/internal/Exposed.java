package dev.l610.fleet.internal;

import dev.l610.fleet.Expose;
import dev.l610.fleet.FleetReport;
import dev.l610.link.LinkException;
import dev.l610.link.PtyLink;
import dev.l610.link.TcpModemServer;
import dev.l610.modem.LineTap;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.VirtualModem;
import io.netty.channel.EventLoop;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * An exposed device: a modem of the fleet whose serial line is a TCP port or a pty for a real firmware
 * build, not an in-process host. The fleet does not drive it; it counts what the modem tells its host
 * (the {@code +MQTTOPEN}, {@code +MQTTPUB}, {@code +MQTTBREAK} outcomes) through a {@link LineTap}, on the
 * modem's loop, and the checker counts what reached the broker. A TCP line is served by Netty on the
 * modem's loop (no thread); a pty has its link's reader thread.
 */
final class Exposed implements LineTap {

    final int index;
    final String imei;
    final String clientIdentifier;
    final String topicUp;
    final VirtualModem modem;
    private final EventLoop loop;
    private final TcpModemServer server;
    private final PtyLink pty;
    final String line;
    /** A host has sent bytes on the line (all a pty can tell of its host). */
    private volatile boolean hostSpoke;

    // on the loop
    private final Set<Integer> open = new HashSet<>();
    private final Set<Integer> broken = new HashSet<>();
    private long published;
    private long publishFailed;
    private int reconnects;
    private final List<Integer> breakCauses = new ArrayList<>();
    private boolean outage;

    private Exposed(int index, String imei, String clientIdentifier, String topicUp, VirtualModem modem, TcpModemServer server,
                    PtyLink pty) {
        this.index = index;
        this.imei = imei;
        this.clientIdentifier = clientIdentifier;
        this.topicUp = topicUp;
        this.modem = modem;
        this.loop = modem.executor();
        this.server = server;
        this.pty = pty;
        this.line = server != null ? "127.0.0.1:" + server.address().getPort() : pty.path().toString();
        modem.addTap(this);
    }

    /**
     * Device {@code index} with its line per {@code expose}.
     *
     * @throws IllegalStateException when its port is taken or its pty cannot be made (the message says which)
     */
    static Exposed start(Run run, ModemRuntime runtime, int index, String imei, String timing, Expose expose) {
        VirtualModem modem = Device.modem(run, runtime, index, imei, timing);
        TcpModemServer server = null;
        PtyLink pty = null;
        try {
            if (expose.kind() == Expose.Kind.TCP) {
                int port = expose.port(index);
                try {
                    server = TcpModemServer.start(modem, new InetSocketAddress("127.0.0.1", port));
                } catch (LinkException e) {
                    String why = String.valueOf(e.getMessage()).contains("in use") ? "port " + port + " is taken"
                            : "cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + ")";
                    throw new IllegalStateException("--expose " + expose + ": device " + index + ": " + why
                            + "; pick another base port", e);
                }
            } else {
                Path link = expose.link(index);
                try {
                    Files.createDirectories(expose.dir());
                    pty = PtyLink.start(modem, link);
                } catch (LinkException | java.io.IOException e) {
                    throw new IllegalStateException("--expose " + expose + ": device " + index + ": " + e.getMessage(), e);
                }
            }
        } catch (RuntimeException e) {
            modem.close();
            throw e;
        }
        return new Exposed(index, imei, run.clientId.render(imei, index), run.publishTopic.render(imei, index), modem, server, pty);
    }

    /** A host is on the line now: a TCP connection, or (pty) a host has spoken. Any thread. */
    boolean hostConnected() {
        return server != null ? server.activeHost() != null : hostSpoke;
    }

    @Override
    public void fromHost(byte[] data, int off, int len) {
        if (!hostSpoke && len > 0) {
            hostSpoke = true;
        }
    }

    @Override
    public void toHost(byte[] data) {
        // the outcomes are read from urc()
    }

    /** The modem's URCs, on its loop: {@code +MQTTOPEN: <id>,<ok>}, {@code +MQTTPUB: <id>,<ok>}, {@code +MQTTBREAK: <id>,<cause>}. */
    @Override
    public void urc(String urc) {
        int colon = urc.indexOf(": ");
        if (colon < 0 || !urc.startsWith("+MQTT")) {
            return;
        }
        String[] f = urc.substring(colon + 2).split(",");
        if (f.length != 2) {
            return;
        }
        int id;
        int v;
        try {
            id = Integer.parseInt(f[0].trim());
            v = Integer.parseInt(f[1].trim());
        } catch (NumberFormatException e) {
            return;
        }
        switch (urc.substring(0, colon)) {
            case "+MQTTOPEN" -> {
                if (v == 1) {
                    open.add(id);
                    if (broken.remove(id)) {
                        reconnects++;
                    }
                }
            }
            case "+MQTTPUB" -> {
                if (v == 1) {
                    published++;
                } else {
                    publishFailed++;
                }
            }
            case "+MQTTBREAK" -> {
                breakCauses.add(v);
                open.remove(id);
                broken.add(id);
            }
            default -> {
            }
        }
    }

    /** The cell outage: registration lost for {@code d}, as for the light devices. Any thread. */
    void outage(java.time.Duration d) {
        loop.execute(() -> {
            outage = true;
            modem.faults().deregister();
            loop.schedule(() -> {
                modem.faults().register();
            }, d.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        });
    }

    /** The row of the report, on the modem's loop; {@code c} from the checker (or null). */
    CompletableFuture<FleetReport.DeviceRow> row(Checker.Counts c) {
        boolean host = hostConnected();
        CompletableFuture<FleetReport.DeviceRow> r = new CompletableFuture<>();
        loop.execute(() -> r.complete(new FleetReport.DeviceRow(index, imei, clientIdentifier, !open.isEmpty(), published, publishFailed,
                c == null ? 0 : c.received(), 0, c == null ? 0 : c.duplicates(), c == null ? 0 : c.outOfOrder(), 0, 0, 0, 0,
                breakCauses.size(), reconnects, List.copyOf(breakCauses), false, outage, 0, 0, 0, null, true, line, host)));
        return r;
    }

    /** Closes the line and frees the modem. */
    void dispose() {
        if (server != null) {
            server.close();
        }
        if (pty != null) {
            pty.close();
        }
        modem.removeTap(this);
        modem.close();
    }
}
