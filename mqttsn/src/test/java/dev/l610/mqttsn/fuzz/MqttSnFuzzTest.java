package dev.l610.mqttsn.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.l610.broker.EmbeddedBroker;
import dev.l610.mqttsn.codec.GwInfo;
import dev.l610.mqttsn.codec.MqttSnCodec;
import dev.l610.mqttsn.codec.MqttSnDecodeException;
import dev.l610.mqttsn.codec.MqttSnMessage;
import dev.l610.mqttsn.codec.SearchGw;
import dev.l610.mqttsn.gateway.MqttSnGateway;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MQTT-SN codec and the gateway fed arbitrary datagrams (regression over the committed inputs in every
 * build; fuzzing with -Pfuzz).
 *
 * <p>Codec: {@code decode} either returns a message or throws {@link MqttSnDecodeException} (nothing
 * else); a decoded message encodes, and that encoding decodes and encodes to the same octets.
 *
 * <p>Gateway: the input is split into datagrams (each prefixed by its length, one octet), sent from a
 * few source ports to a live gateway in front of the embedded broker; afterwards the gateway still answers
 * SEARCHGW with GWINFO (alive: no exception killed its channel), holds at most maxSessions sessions and
 * sends each datagram at most a bounded number of answers.
 */
class MqttSnFuzzTest {

    private static EmbeddedBroker broker;
    private static MqttSnGateway gateway;
    private static DatagramSocket[] sockets;

    private static synchronized void startGateway() {
        if (gateway != null) {
            return;
        }
        broker = EmbeddedBroker.startEphemeral();
        gateway = MqttSnGateway.builder().broker(broker.host(), broker.port()).maxSessions(8)
                .maxTopicsPerSession(16).retry(Duration.ofMillis(200), 1).build().start();
        sockets = new DatagramSocket[3];
        try {
            for (int i = 0; i < sockets.length; i++) {
                sockets[i] = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                sockets[i].setSoTimeout(5000);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            for (DatagramSocket s : sockets) {
                s.close();
            }
            gateway.close();
            broker.close();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void codec(byte[] datagram) {
        MqttSnMessage m;
        try {
            m = MqttSnCodec.decode(datagram);
        } catch (MqttSnDecodeException e) {
            return;
        }
        assertThat(m).isNotNull();
        byte[] again = MqttSnCodec.encode(m);
        try {
            assertThat(MqttSnCodec.encode(MqttSnCodec.decode(again))).isEqualTo(again);
        } catch (MqttSnDecodeException e) {
            throw new AssertionError("our own encoding of " + m + " does not decode: " + e.getMessage(), e);
        }
    }

    @FuzzTest(maxDuration = "120s")
    void gateway(byte[] input) throws IOException {
        startGateway();
        InetSocketAddress gw = gateway.localAddress();
        int i = 0;
        int n = 0;
        while (i < input.length) {
            int len = Math.min(input[i] & 0xff, input.length - i - 1);
            byte[] d = Arrays.copyOfRange(input, i + 1, i + 1 + len);
            i += 1 + len;
            DatagramSocket s = sockets[n++ % sockets.length];
            s.send(new DatagramPacket(d, d.length, gw));
        }
        drain();
        // still alive and bounded
        byte[] search = MqttSnCodec.encode(new SearchGw(0));
        DatagramSocket probe = sockets[0];
        probe.send(new DatagramPacket(search, search.length, gw));
        boolean answered = false;
        byte[] buf = new byte[70_000];
        for (int k = 0; k < 64 && !answered; k++) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            probe.receive(p); // 5 s timeout: a dead gateway fails here
            try {
                answered = MqttSnCodec.decode(Arrays.copyOf(p.getData(), p.getLength())) instanceof GwInfo;
            } catch (MqttSnDecodeException e) {
                throw new AssertionError("the gateway sent an undecodable datagram", e);
            }
        }
        assertThat(answered).as("GWINFO after SEARCHGW").isTrue();
        assertThat(gateway.sessionCount()).isLessThanOrEqualTo(8);
    }

    /** Reads what the gateway answered so far (each answer must decode). */
    private static void drain() throws IOException {
        byte[] buf = new byte[70_000];
        for (DatagramSocket s : sockets) {
            s.setSoTimeout(1);
            try {
                while (true) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    s.receive(p);
                    try {
                        MqttSnCodec.decode(Arrays.copyOf(p.getData(), p.getLength()));
                    } catch (MqttSnDecodeException e) {
                        throw new AssertionError("the gateway sent an undecodable datagram", e);
                    }
                }
            } catch (SocketTimeoutException done) {
                // nothing more queued
            } finally {
                s.setSoTimeout(5000);
            }
        }
    }
}
