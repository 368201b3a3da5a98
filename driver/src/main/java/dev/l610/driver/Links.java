package dev.l610.driver;

import dev.l610.driver.internal.SerialLink;
import dev.l610.driver.internal.StreamLink;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Opens {@link Link}s: serial port, TCP, or a stream pair you already have. */
public final class Links {

    /** How long {@link #tcp(String, int)} waits for the connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private Links() {
    }

    /**
     * Connects to a modem's serial line over TCP (e.g. {@code l610 serve}, or a serial-to-TCP bridge).
     *
     * @throws IOException when the connection cannot be made
     */
    public static Link tcp(String host, int port) throws IOException {
        return tcp(host, port, DEFAULT_CONNECT_TIMEOUT);
    }

    /** As {@link #tcp(String, int)} with a connect timeout. */
    public static Link tcp(String host, int port, Duration connectTimeout) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            return new StreamLink(s.getInputStream(), s.getOutputStream(), s, "tcp " + host + ":" + port);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Connects to the TCP address of a modem's serial line, e.g. {@code VirtualL610.atAddress()} of
     * {@code l610-embed}, or {@code TcpModemServer.address()}.
     *
     * @throws IOException when the connection cannot be made
     */
    public static Link tcp(InetSocketAddress address) throws IOException {
        return tcp(address, DEFAULT_CONNECT_TIMEOUT);
    }

    /** As {@link #tcp(InetSocketAddress)} with a connect timeout. */
    public static Link tcp(InetSocketAddress address, Duration connectTimeout) throws IOException {
        java.util.Objects.requireNonNull(address, "address (is the modem's TCP line running?)");
        return tcp(address.getHostString(), address.getPort(), connectTimeout);
    }

    /**
     * Opens a serial port with jSerialComm (reads block until bytes arrive; writes block until sent).
     *
     * @throws IOException when the port does not exist or cannot be opened or configured
     */
    public static Link serial(SerialSettings settings) throws IOException {
        return SerialLink.open(settings);
    }

    /** A link over an existing stream pair; closing the link closes both streams. */
    public static Link streams(InputStream in, OutputStream out) {
        return new StreamLink(in, out, null, "streams");
    }

    /** A link over an existing stream pair; closing the link closes both streams and then {@code resource}. */
    public static Link streams(InputStream in, OutputStream out, Closeable resource, String description) {
        return new StreamLink(in, out, resource, description);
    }
}
