package dev.l610.embed.scenario;

import dev.l610.embed.VirtualL610;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A host on the real TCP line of a {@link VirtualL610}: writes command lines, reads until a text. */
final class ScenarioHost implements AutoCloseable {

    private final Socket socket;
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();

    ScenarioHost(VirtualL610 l610) throws IOException {
        socket = new Socket("127.0.0.1", l610.atAddress().getPort());
        socket.setSoTimeout(20_000);
    }

    void send(String s) throws IOException {
        socket.getOutputStream().write(s.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Reads until {@code end} has come since the last call; returns what came. */
    String readUntil(String end) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!got.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("line closed; got " + got.toString(StandardCharsets.ISO_8859_1));
            }
            got.write(b);
            all.write(b);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    /** Sends a command line and reads until its final OK / ERROR (or {@code end}). */
    String command(String line, String end) throws IOException {
        send(line + "\r");
        return readUntil(end);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
