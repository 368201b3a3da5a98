package dev.l610.modem.internal.mqtt3;

import dev.l610.modem.mqtt.OpenParams;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS (+MQTTOPEN tls 2) against a scripted TLS broker whose certificate (made by keytool for this run) names
 * {@code localhost}: trusted through the CA PEM file, and refused when the host name does not match.
 */
class Mqtt3ConnectionTlsTest {

    @TempDir
    static Path dir;
    private static NioEventLoopGroup group;
    private static EventLoop loop;
    private static SSLContext serverTls;
    private static SslContext clientTls;

    @BeforeAll
    static void certificates() throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path store = dir.resolve("broker.p12");
        Path pem = dir.resolve("ca.pem");
        run(keytool, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "secret", "-keypass", "secret");
        run(keytool, "-exportcert", "-rfc", "-alias", "broker", "-keystore", store.toString(),
                "-storepass", "secret", "-file", pem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "secret".toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        clientTls = Mqtt3Tls.clientContext(pem);
        group = new NioEventLoopGroup(1);
        loop = group.next();
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static ScriptedBroker tlsBroker() throws Exception {
        SSLServerSocket s = (SSLServerSocket) serverTls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new ScriptedBroker(s);
    }

    private static Mqtt3Connection connection(String host, int port) {
        Function<String, CompletableFuture<InetAddress>> loopback =
                h -> CompletableFuture.completedFuture(InetAddress.getLoopbackAddress());
        return new Mqtt3Connection(loop, NioSocketChannel.class,
                new OpenParams(host, port, true, 60, true, "c", "", "", null), new Recorder(), new Mqtt3State(),
                clientTls, null, loopback, Duration.ofSeconds(30));
    }

    @Test
    void connectsOverTlsToABrokerNamedByTheCertificate() throws Exception {
        try (ScriptedBroker broker = tlsBroker()) {
            Mqtt3Connection c = connection("localhost", broker.port());
            CompletableFuture<Integer> rc = c.connect();
            ScriptedBroker.Peer peer = broker.accept();
            peer.expect("10 0d 00 04 4d 51 54 54 04 02 00 3c 00 01 63").send("20 02 00 00");
            assertThat(rc.orTimeout(60, TimeUnit.SECONDS).join()).isZero();
            c.abort();
            peer.close();
        }
    }

    @Test
    void refusesABrokerWhoseCertificateNamesAnotherHost() throws Exception {
        try (ScriptedBroker broker = tlsBroker()) {
            Mqtt3Connection c = connection("broker.example", broker.port());
            CompletableFuture<Integer> rc = c.connect();
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> broker.accept().packet());
            assertThatThrownBy(() -> rc.orTimeout(60, TimeUnit.SECONDS).join())
                    .hasRootCauseInstanceOf(java.security.cert.CertificateException.class);
            assertThat(server.handle((v, e) -> e).orTimeout(60, TimeUnit.SECONDS).join()).isNotNull();
        }
    }
}
