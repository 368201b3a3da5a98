package dev.l610.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A mosquitto process on a free 127.0.0.1 port for benchmarks (Debian's {@code mosquitto}), with no
 * connection limit, so the product and the raw client meet the same broker outside this JVM.
 */
final class BrokerProcess implements AutoCloseable {

    private final Process process;
    private final InetSocketAddress address;

    private BrokerProcess(Process process, InetSocketAddress address) {
        this.process = process;
        this.address = address;
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto"));
    }

    static BrokerProcess start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = Files.createTempFile("l610-bench-mosquitto", ".conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\nmax_connections -1\n"
                + "max_queued_messages 100000\nmax_inflight_messages 0\n");
        Process p = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", port);
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket()) {
                s.connect(a, 200);
                return new BrokerProcess(p, a);
            } catch (IOException e) {
                Thread.sleep(25); // a benchmark set-up step, not a test: wait for the process to listen
            }
        }
        p.destroyForcibly();
        throw new IOException("mosquitto did not start listening on " + a);
    }

    InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
