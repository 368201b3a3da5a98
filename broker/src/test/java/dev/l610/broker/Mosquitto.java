package dev.l610.broker;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A real mosquitto broker process (Debian's package) on an ephemeral 127.0.0.1 port. Without mosquitto
 * the test is skipped, unless {@code -Dl610.interop=required} (as .ci/run sets), where it fails.
 * Shared through this module's test jar (the modem's and the MQTT-SN gateway's interop tests).
 */
public final class Mosquitto implements AutoCloseable {

    private final Process process;
    public final int port;
    /** The temporary folder {@link #start()} made, deleted at close; null when the caller gave one. */
    private Path ownDir;

    private Mosquitto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Anonymous mosquitto in its own temporary folder, removed at close. */
    public static Mosquitto start() throws IOException {
        binary();
        Path dir = Files.createTempDirectory("l610-mosquitto");
        Mosquitto m = start(dir, null, null);
        m.ownDir = dir;
        return m;
    }

    public java.net.InetSocketAddress address() {
        return new java.net.InetSocketAddress("127.0.0.1", port);
    }

    public static Path binary() {
        for (String p : new String[] {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"}) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        boolean required = "required".equals(System.getProperty("l610.interop"));
        if (required) {
            throw new AssertionError("mosquitto is required for the interop tests (-Dl610.interop=required) but is not installed: "
                    + "apt-get install mosquitto mosquitto-clients");
        }
        Assumptions.abort("mosquitto not installed: interop test skipped (install Debian's mosquitto to run it)");
        return null;
    }

    /** Starts mosquitto; with a user and password, anonymous clients are refused. */
    public static Mosquitto start(Path dir, String user, String password) throws IOException {
        return start(dir, user, password, List.of());
    }

    /**
     * Starts mosquitto with a TLS listener whose certificate (self-signed, for 127.0.0.1 and localhost)
     * is made with openssl into {@code dir/cert.pem}; that file is also the CA a client must trust.
     */
    public static Mosquitto startTls(Path dir) throws IOException {
        binary();
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"));
        return start(dir, null, null, List.of("certfile " + dir.resolve("cert.pem"), "keyfile " + dir.resolve("key.pem")));
    }

    private static Mosquitto start(Path dir, String user, String password, List<String> extra) throws IOException {
        Path bin = binary();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // as root, do not drop to user mosquitto: it could not read our temp dir
        List<String> conf = new ArrayList<>(List.of("listener " + port + " 127.0.0.1", "persistence false",
                "user " + System.getProperty("user.name")));
        if (user != null) {
            Path pw = dir.resolve("passwd");
            Files.writeString(pw, "");
            run(List.of("mosquitto_passwd", "-b", pw.toString(), user, password));
            conf.add("allow_anonymous false");
            conf.add("password_file " + pw);
        } else {
            conf.add("allow_anonymous true");
        }
        conf.addAll(extra);
        Path cfg = dir.resolve("mosquitto.conf");
        Files.write(cfg, conf);
        Process p = new ProcessBuilder(bin.toString(), "-c", cfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        Mosquitto m = new Mosquitto(p, port);
        int finalPort = port;
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
            }
            try (Socket s = new Socket("127.0.0.1", finalPort)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return m;
    }

    private static void run(List<String> cmd) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException(cmd + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Kills the broker at once (SIGKILL): its sockets vanish. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownDir != null) {
            try (var files = Files.list(ownDir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(ownDir);
            } catch (IOException e) {
                // a temporary folder left behind: nothing a test should fail for
            }
        }
    }
}
