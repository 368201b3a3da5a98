package dev.l610.broker;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Debian's mosquitto on an ephemeral 127.0.0.1 port, anonymous, in memory: the reference broker for
 * {@link SessionResumeTest}. Skipped without mosquitto unless {@code -Dl610.interop=required} (as .ci/run sets).
 */
public final class MosquittoProcess implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;

    private MosquittoProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static MosquittoProcess startOrSkip() throws IOException {
        Path bin = Path.of("/usr/sbin/mosquitto");
        if (!Files.isExecutable(bin)) {
            if ("required".equals(System.getProperty("l610.interop"))) {
                throw new AssertionError("mosquitto is required (-Dl610.interop=required) but not installed");
            }
            Assumptions.abort("mosquitto not installed: reference run skipped");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("l610-mosquitto");
        Path cfg = dir.resolve("mosquitto.conf");
        Files.write(cfg, List.of("listener " + port + " 127.0.0.1", "persistence false", "allow_anonymous true",
                "user " + System.getProperty("user.name")));
        Process p = new ProcessBuilder(bin.toString(), "-c", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        MosquittoProcess m = new MosquittoProcess(p, dir, port);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return m;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
