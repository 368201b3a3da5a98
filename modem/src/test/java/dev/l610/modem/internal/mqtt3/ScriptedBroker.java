package dev.l610.modem.internal.mqtt3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker that is a script: a plain {@link ServerSocket} on 127.0.0.1 whose peers demand exact bytes and
 * write scripted replies (the style of mosquitto's client tests). Reads block on events (the client's
 * bytes), with a generous failsafe timeout, never a tight deadline.
 */
final class ScriptedBroker implements AutoCloseable {

    private static final int FAILSAFE_MILLIS = 60_000;
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private final ServerSocket server;

    ScriptedBroker() {
        this(plain());
    }

    /** A scripted broker on {@code server} (e.g. a TLS server socket bound to 127.0.0.1). */
    ScriptedBroker(ServerSocket server) {
        this.server = server;
        try {
            server.setSoTimeout(FAILSAFE_MILLIS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServerSocket plain() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next client connection. */
    Peer accept() {
        try {
            Socket s = server.accept();
            s.setSoTimeout(FAILSAFE_MILLIS);
            s.setTcpNoDelay(true);
            return new Peer(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    static byte[] hex(String spaced) {
        return HEX.parseHex(spaced.trim().replaceAll("\\s+", " "));
    }

    /** One accepted client connection. */
    static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
        }

        /** Reads one whole MQTT packet (fixed header, remaining length, body). */
        byte[] packet() {
            try {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                int first = in.read();
                if (first < 0) {
                    throw new AssertionError("connection closed, a packet was expected");
                }
                b.write(first);
                int length = 0;
                int shift = 0;
                int digit;
                do {
                    digit = in.read();
                    if (digit < 0) {
                        throw new AssertionError("connection closed inside a fixed header");
                    }
                    b.write(digit);
                    length |= (digit & 0x7f) << shift;
                    shift += 7;
                } while ((digit & 0x80) != 0);
                b.write(in.readNBytes(length));
                return b.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The next packet must be exactly {@code spacedHex}. */
        Peer expect(String spacedHex) {
            assertThat(HEX.formatHex(packet())).isEqualTo(HEX.formatHex(hex(spacedHex)));
            return this;
        }

        Peer send(String spacedHex) {
            try {
                socket.getOutputStream().write(hex(spacedHex));
                socket.getOutputStream().flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** The client reset the connection (RST): the read fails with "Connection reset". */
        void expectReset() {
            assertThatThrownBy(() -> {
                while (in.read() >= 0) {
                    // bytes before the reset are allowed
                }
                throw new AssertionError("the connection was closed (FIN), not reset");
            }).isInstanceOf(SocketException.class).hasMessageContaining("Connection reset");
        }

        /** The client closed the connection: end of stream (or a reset) after nothing but {@code before}. */
        void expectClosed() {
            try {
                assertThat(in.read()).isEqualTo(-1);
            } catch (SocketException e) {
                assertThat(e).hasMessageContaining("Connection reset");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
