package dev.l610.broker;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The embedded broker's TLS listener: a given PEM certificate and key, or a self-signed one made at start. */
final class BrokerTls {

    private final SslContext context;
    private final Path caPem;
    private final Path generatedDir;

    private BrokerTls(SslContext context, Path caPem, Path generatedDir) {
        this.context = context;
        this.caPem = caPem;
        this.generatedDir = generatedDir;
    }

    static BrokerTls fromPem(Path certPem, Path keyPem) {
        try {
            return new BrokerTls(SslContextBuilder.forServer(certPem.toFile(), keyPem.toFile()).build(), certPem, null);
        } catch (SSLException | IllegalArgumentException e) {
            throw new EmbeddedBroker.BrokerStartException("cannot use the broker certificate " + certPem + " and key "
                    + keyPem + " (PEM, key in PKCS#8): " + e.getMessage(), e);
        }
    }

    /**
     * A self-signed RSA certificate for {@code host} (and localhost, 127.0.0.1), made with the JDK's
     * keytool in a temp folder that {@link #deleteGenerated()} removes. Its PEM is the CA a client trusts.
     */
    static BrokerTls selfSigned(String host) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("l610-broker-tls");
            Path store = dir.resolve("broker.p12");
            char[] pass = "l610-broker".toCharArray();
            String san = "SAN=dns:localhost,ip:127.0.0.1" + (host.equals("127.0.0.1") || host.equals("localhost") ? ""
                    : host.matches("[0-9.]+|.*:.*") ? ",ip:" + host : ",dns:" + host);
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                    "-dname", "CN=l610 embedded broker", "-ext", san, "-ext", "BC:c=ca:true",
                    "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", new String(pass), "-keypass", new String(pass))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                keytool.destroyForcibly();
                throw new IOException("keytool failed: " + Files.readString(dir.resolve("keytool.log")).strip());
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, pass);
            }
            Certificate cert = ks.getCertificate("broker");
            Path pem = dir.resolve("l610-broker-ca.pem");
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass);
            return new BrokerTls(SslContextBuilder.forServer(kmf).build(), pem, dir);
        } catch (IOException | GeneralSecurityException e) {
            delete(dir);
            throw new EmbeddedBroker.BrokerStartException("cannot make a self-signed certificate for the broker: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            delete(dir);
            throw new EmbeddedBroker.BrokerStartException("interrupted while making the broker's certificate", e);
        }
    }

    SslContext serverContext() {
        return context;
    }

    Path caPem() {
        return caPem;
    }

    void deleteGenerated() {
        delete(generatedDir);
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind
        }
    }
}
