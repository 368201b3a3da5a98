package dev.l610.driver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A fake modem on 127.0.0.1 that replays recorded bytes: the test reads what the driver wrote
 * ({@link #nextCommand()}, {@link #readBytes(int)}) and answers with exact bytes ({@link #send(String)}),
 * or lets {@link #autoRespond(Function)} answer each command line. Strings are ISO-8859-1 bytes.
 */
final class ScriptedPeer implements AutoCloseable {

    private final ServerSocket server;
    private volatile Socket socket;
    private volatile Thread responder;

    ScriptedPeer() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    int port() {
        return server.getLocalPort();
    }

    /** A driver connected to this peer (the connection is accepted here). */
    L610Driver connect(DriverOptions options) throws IOException {
        Link link = Links.tcp("127.0.0.1", port());
        socket = server.accept();
        socket.setSoTimeout(10_000);
        return L610Driver.open(link, options);
    }

    L610Driver connect() throws IOException {
        return connect(DriverOptions.defaults());
    }

    /** The next command line the driver wrote, without its CR (an LF before it is skipped). */
    String nextCommand() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("driver closed the link; had read '" + line + "'");
            }
            if (b == '\r') {
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\n' || line.size() > 0) {
                line.write(b);
            }
        }
    }

    /** Exactly {@code n} bytes the driver wrote. */
    byte[] readBytes(int n) throws IOException {
        return socket.getInputStream().readNBytes(n);
    }

    /** True when the driver wrote nothing more within {@code millis}. */
    boolean silentFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    void send(String bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Answers every command line with {@code script.apply(line)} (null: stay silent) on a thread of its own. */
    void autoRespond(Function<String, String> script) {
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    String cmd = nextCommand();
                    String answer = script.apply(cmd);
                    if (answer != null) {
                        send(answer);
                    }
                }
            } catch (IOException e) {
                // the driver went away: the script ends
            }
        }, "scripted-peer");
        t.setDaemon(true);
        t.start();
        responder = t;
    }

    /** The peer hangs up. */
    void hangUp() throws IOException {
        socket.close();
    }

    @Override
    public void close() throws IOException {
        Thread t = responder;
        if (t != null) {
            t.interrupt();
        }
        if (socket != null) {
            socket.close();
        }
        server.close();
    }
}
