package dev.l610.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** MQTT 3.1.1 packets as raw bytes on a blocking socket, to send what a client library would not (tests). */
public final class RawMqtt implements AutoCloseable {

    public final Socket socket;
    private final DataInputStream in;

    public RawMqtt(InetSocketAddress address, int readTimeoutMillis) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 5_000);
        socket.setSoTimeout(readTimeoutMillis);
        in = new DataInputStream(socket.getInputStream());
    }

    public void send(byte[]... packets) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : packets) {
            all.writeBytes(p);
        }
        socket.getOutputStream().write(all.toByteArray());
        socket.getOutputStream().flush();
    }

    /** The next packet: [first byte, body...]; throws on EOF or timeout. */
    public byte[] read() throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("connection closed by the broker");
        }
        int len = 0;
        int mult = 1;
        int b;
        do {
            b = in.readUnsignedByte();
            len += (b & 0x7f) * mult;
            mult *= 128;
        } while ((b & 0x80) != 0);
        byte[] p = new byte[len + 1];
        p[0] = (byte) first;
        in.readFully(p, 1, len);
        return p;
    }

    /** Reset, not FIN: SO_LINGER 0. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public static int type(byte[] packet) {
        return (packet[0] & 0xff) >> 4;
    }

    public static byte[] connect(String clientId, String user, String password) {
        return connect(clientId, user, password, true);
    }

    /** CONNECT with the clean session flag as given (0: the broker keeps the session over a break). */
    public static byte[] connect(String clientId, String user, String password, boolean cleanSession) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        str(v, "MQTT");
        v.write(4);
        int flags = (cleanSession ? 0x02 : 0) | (user != null ? 0x80 : 0) | (password != null ? 0x40 : 0);
        v.write(flags);
        v.write(0);
        v.write(60);
        str(v, clientId);
        if (user != null) {
            str(v, user);
        }
        if (password != null) {
            str(v, password);
        }
        return packet(0x10, v.toByteArray());
    }

    /** A clean-session CONNECT with a QoS 0 will. */
    public static byte[] connectWithWill(String clientId, String willTopic, String willMessage) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        str(v, "MQTT");
        v.write(4);
        v.write(0x02 | 0x04);
        v.write(0);
        v.write(60);
        str(v, clientId);
        str(v, willTopic);
        str(v, willMessage);
        return packet(0x10, v.toByteArray());
    }

    public static byte[] subscribe(int id, String filter, int qos) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write(id >> 8);
        v.write(id);
        str(v, filter);
        v.write(qos);
        return packet(0x82, v.toByteArray());
    }

    public static byte[] unsubscribe(int id, String filter) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write(id >> 8);
        v.write(id);
        str(v, filter);
        return packet(0xa2, v.toByteArray());
    }

    public static byte[] pubrel(int id) {
        return new byte[] {0x62, 2, (byte) (id >> 8), (byte) id};
    }

    public static byte[] publish(String topic, byte[] payload, int qos, boolean retain, int id) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        str(v, topic);
        if (qos > 0) {
            v.write(id >> 8);
            v.write(id);
        }
        v.writeBytes(payload);
        return packet(0x30 | (qos << 1) | (retain ? 1 : 0), v.toByteArray());
    }

    public static byte[] pubrec(int id) {
        return new byte[] {0x50, 2, (byte) (id >> 8), (byte) id};
    }

    public static byte[] pubcomp(int id) {
        return new byte[] {0x70, 2, (byte) (id >> 8), (byte) id};
    }

    /** The packet id of a PUBLISH (QoS 1, 2) or of an acknowledgement. */
    public static int packetId(byte[] packet) {
        if (type(packet) != 3) {
            return (packet[1] & 0xff) << 8 | (packet[2] & 0xff);
        }
        int topicLength = (packet[1] & 0xff) << 8 | (packet[2] & 0xff);
        return (packet[3 + topicLength] & 0xff) << 8 | (packet[4 + topicLength] & 0xff);
    }

    /** The payload of a PUBLISH of QoS 1 or 2, as UTF-8. */
    public static String payload(byte[] publish) {
        int topicLength = (publish[1] & 0xff) << 8 | (publish[2] & 0xff);
        int from = 3 + topicLength + (((publish[0] >> 1) & 3) > 0 ? 2 : 0);
        return new String(publish, from, publish.length - from, StandardCharsets.UTF_8);
    }

    public static byte[] puback(int id) {
        return new byte[] {0x40, 2, (byte) (id >> 8), (byte) id};
    }

    public static byte[] disconnect() {
        return new byte[] {(byte) 0xe0, 0};
    }

    private static void str(ByteArrayOutputStream v, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        v.write(b.length >> 8);
        v.write(b.length);
        v.writeBytes(b);
    }

    private static byte[] packet(int first, byte[] body) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(first);
        int len = body.length;
        do {
            int d = len % 128;
            len /= 128;
            p.write(len > 0 ? d | 0x80 : d);
        } while (len > 0);
        p.writeBytes(body);
        return p.toByteArray();
    }
}
