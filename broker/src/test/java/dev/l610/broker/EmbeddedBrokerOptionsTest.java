package dev.l610.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedBrokerOptionsTest {

    @Test
    void tlsListenerWithAGeneratedCertificateAcceptsAClientTrustingItsCaPem() throws Exception {
        Path ca;
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, new EmbeddedBroker.Options().tlsPort(0))) {
            ca = broker.caPem();
            assertThat(ca).exists();
            assertThat(Files.readString(ca)).startsWith("-----BEGIN CERTIFICATE-----");
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(ca)) {
                trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(broker.tlsAddress().getAddress(), broker.tlsAddress().getPort())) {
                s.setSoTimeout(15_000);
                javax.net.ssl.SSLParameters params = s.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate names 127.0.0.1
                s.setSSLParameters(params);
                s.getOutputStream().write(RawMqtt.connect("tls", null, null));
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] connack = new byte[4];
                in.readFully(connack);
                assertThat(connack).containsExactly(0x20, 2, 0, 0);
            }
            assertThat(broker.port()).isNotEqualTo(broker.tlsAddress().getPort());
        }
        assertThat(ca).doesNotExist(); // the generated certificate goes with the broker
    }

    @Test
    void persistenceKeepsARetainedMessageAcrossARestart(@TempDir Path dir) throws Exception {
        EmbeddedBroker.Options o = new EmbeddedBroker.Options().persistence(dir);
        int port;
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, o);
             RawMqtt pub = new RawMqtt(broker.address(), 15_000)) {
            port = broker.port();
            pub.send(RawMqtt.connect("persist-pub", null, null));
            pub.read();
            pub.send(RawMqtt.publish("keep/1", "v".getBytes(StandardCharsets.US_ASCII), 1, true, 3));
            assertThat(RawMqtt.type(pub.read())).isEqualTo(4);
            pub.send(RawMqtt.disconnect());
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", port, o);
             RawMqtt sub = new RawMqtt(broker.address(), 15_000)) {
            sub.send(RawMqtt.connect("persist-sub", null, null), RawMqtt.subscribe(1, "keep/#", 1));
            byte[] p;
            do {
                p = sub.read();
            } while (RawMqtt.type(p) != 3);
            assertThat(new String(p, p.length - 1, 1, StandardCharsets.US_ASCII)).isEqualTo("v");
        }
    }
}
