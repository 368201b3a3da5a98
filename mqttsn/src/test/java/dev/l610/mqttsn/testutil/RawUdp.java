package dev.l610.mqttsn.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A foreign MQTT-SN peer made of one blocking DatagramSocket on 127.0.0.1: hand-built frames in, raw frames out. */
public final class RawUdp implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress peer;
    private volatile InetSocketAddress lastSender;

    public RawUdp(InetSocketAddress peer) {
        this.peer = peer;
        try {
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            socket.setSoTimeout(5000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public void send(byte[] frame) {
        sendTo(frame, peer);
    }

    public void sendHex(String hex) {
        send(Hex.bytes(hex));
    }

    public void sendTo(byte[] frame, InetSocketAddress to) {
        try {
            socket.send(new DatagramPacket(frame, frame.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next datagram, or an AssertionError after 5 s. */
    public byte[] receive() {
        return receive(5000);
    }

    /** The next datagram within the timeout, or an AssertionError. */
    public byte[] receive(int timeoutMillis) {
        byte[] r = poll(timeoutMillis);
        if (r == null) {
            throw new AssertionError("no datagram within " + timeoutMillis + " ms");
        }
        return r;
    }

    /** The next datagram within the timeout, or {@code null}. */
    public byte[] poll(int timeoutMillis) {
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.setSoTimeout(timeoutMillis);
            socket.receive(p);
            lastSender = (InetSocketAddress) p.getSocketAddress();
            return Arrays.copyOf(buf, p.getLength());
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends to whoever sent the last datagram received (for a fake gateway). */
    public void reply(byte[] frame) {
        sendTo(frame, lastSender);
    }

    /** The MQTT-SN message received next, decoded. */
    public dev.l610.mqttsn.codec.MqttSnMessage receiveMessage() {
        return decode(receive());
    }

    /** Encodes and sends to the peer. */
    public void send(dev.l610.mqttsn.codec.MqttSnMessage m) {
        send(dev.l610.mqttsn.codec.MqttSnCodec.encode(m));
    }

    /** Decodes a frame a test received; a frame that does not decode fails the test. */
    public static dev.l610.mqttsn.codec.MqttSnMessage decode(byte[] frame) {
        try {
            return dev.l610.mqttsn.codec.MqttSnCodec.decode(frame);
        } catch (dev.l610.mqttsn.codec.MqttSnDecodeException e) {
            throw new AssertionError(e);
        }
    }

    /** A PUBLISH's data as UTF-8 text. */
    public static String text(dev.l610.mqttsn.codec.Publish p) {
        return new String(p.data(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Encodes and sends to the last sender. */
    public void reply(dev.l610.mqttsn.codec.MqttSnMessage m) {
        reply(dev.l610.mqttsn.codec.MqttSnCodec.encode(m));
    }

    public String receiveHex() {
        return Hex.hex(receive());
    }

    @Override
    public void close() {
        socket.close();
    }
}
