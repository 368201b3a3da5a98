package dev.l610.embed;

import dev.l610.broker.EmbeddedBroker;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded broker's options through the whole L610: TLS with the generated CA, and a password (703). */
class BrokerOptionsTest {

    @Test
    void mqttOpenWithTlsToTheEmbeddedBrokersTlsListener() throws Exception {
        try (VirtualL610 l610 = VirtualL610.builder().noGateway().brokerOptions(new EmbeddedBroker.Options().tlsPort(0)).start();
             Line line = new Line(l610)) {
            assertThat(l610.modem().config().caFile()).isEqualTo(l610.broker().caPem());
            int tls = l610.broker().tlsAddress().getPort();
            line.send("AT+MQTTOPEN=1,\"127.0.0.1\"," + tls + ",1,30,2\r");
            line.await("+MQTTOPEN: 1,1");
        }
    }

    @Test
    void wrongPasswordIsCme703AgainstTheEmbeddedBroker() throws Exception {
        try (VirtualL610 l610 = VirtualL610.builder().noGateway()
                .brokerOptions(new EmbeddedBroker.Options().user("alice", "s3cret")).start();
             Line line = new Line(l610)) {
            int port = l610.brokerAddress().getPort();
            line.send("AT+MQTTUSER=1,\"alice\",\"wrong\"\r");
            line.send("AT+MQTTOPEN=1,\"127.0.0.1\"," + port + ",1,30\r");
            line.await("+CME ERROR: 703");
            line.send("AT+MQTTUSER=1,\"alice\",\"s3cret\"\r");
            line.send("AT+MQTTOPEN=1,\"127.0.0.1\"," + port + ",1,30\r");
            line.await("+MQTTOPEN: 1,1");
        }
    }

    /** The TCP line, read on a thread into a buffer the test waits on. */
    private static final class Line implements AutoCloseable {
        private final Socket socket;
        private final StringBuffer seen = new StringBuffer();

        Line(VirtualL610 l610) throws Exception {
            socket = new Socket("127.0.0.1", l610.atAddress().getPort());
            InputStream in = socket.getInputStream();
            Thread t = new Thread(() -> {
                byte[] b = new byte[4096];
                try {
                    int n;
                    while ((n = in.read(b)) > 0) {
                        seen.append(new String(b, 0, n, StandardCharsets.ISO_8859_1));
                    }
                } catch (java.io.IOException ignored) {
                    // closed
                }
            }, "line-reader");
            t.setDaemon(true);
            t.start();
        }

        void send(String s) throws java.io.IOException {
            OutputStream out = socket.getOutputStream();
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        void await(String text) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> seen.toString().contains(text));
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }
}
