package dev.l610.embed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A host on a VirtualL610's TCP line, for the web console's tests: writes lines, reads until a text. */
final class TestHost implements AutoCloseable {

    private final Socket socket;
    private final ByteArrayOutputStream got = new ByteArrayOutputStream();

    TestHost(InetSocketAddress line) throws IOException {
        socket = new Socket("127.0.0.1", line.getPort());
        socket.setSoTimeout(30_000);
    }

    void send(String s) throws IOException {
        socket.getOutputStream().write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads until {@code end} has come since the last call; returns what came (a read timeout fails it). */
    String readUntil(String end) throws IOException {
        InputStream in = socket.getInputStream();
        while (!got.toString(StandardCharsets.ISO_8859_1).contains(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the line closed before '" + end + "'; got " + got.toString(StandardCharsets.ISO_8859_1));
            }
            got.write(b);
        }
        String s = got.toString(StandardCharsets.ISO_8859_1);
        got.reset();
        return s;
    }

    /** Sends a command and reads to its OK. */
    String command(String cmd) throws IOException {
        send(cmd + "\r");
        return readUntil("OK\r\n");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
