package dev.l610.modem.internal.mqtt3;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** TLS for +MQTTOPEN with tls 2: a client {@link SslContext} and handlers that verify the broker's host name. */
public final class Mqtt3Tls {

    /** One context per CA file (and one for the JVM's CAs alone), shared by every modem of the JVM. */
    private static final java.util.concurrent.ConcurrentHashMap<java.util.Optional<Path>, SslContext> SHARED =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Mqtt3Tls() {
    }

    /** {@link #clientContext(Path)}, built once per CA file for the whole JVM (a fleet of modems shares it). */
    public static SslContext shared(Path caFile) {
        return SHARED.computeIfAbsent(java.util.Optional.ofNullable(caFile).map(p -> p.toAbsolutePath().normalize()),
                k -> clientContext(k.orElse(null)));
    }

    /**
     * A client context that trusts the JVM's CAs plus those of {@code caFile} (PEM, may hold several), or
     * the JVM's alone when {@code caFile} is null. Build it once per modem (or per JVM): it is immutable.
     *
     * @throws IllegalArgumentException when the file cannot be read or holds no valid certificate
     */
    public static SslContext clientContext(Path caFile) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile == null) {
                tmf.init((KeyStore) null);
            } else {
                tmf.init(trustStore(caFile));
            }
            return SslContextBuilder.forClient().trustManager(tmf).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build TLS for " + (caFile == null ? "the JVM's CAs" : caFile)
                    + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore trustStore(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        TrustManagerFactory jvm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jvm.init((KeyStore) null);
        int n = 0;
        for (var tm : jvm.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                for (X509Certificate c : x.getAcceptedIssuers()) {
                    ks.setCertificateEntry("jvm-" + n++, c);
                }
            }
        }
        int own = 0;
        try (InputStream in = Files.newInputStream(caFile)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + n++, c);
                own++;
            }
        }
        if (own == 0) {
            throw new GeneralSecurityException("no certificate in " + caFile);
        }
        return ks;
    }

    /**
     * A handler for a connection to {@code host:port} (SNI and session cache use them) with host name
     * verification on: the broker's certificate must name {@code host}.
     */
    public static SslHandler handler(SslContext ctx, ByteBufAllocator alloc, String host, int port) {
        SslHandler h = ctx.newHandler(alloc, host, port);
        SSLEngine engine = h.engine();
        SSLParameters p = engine.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(p);
        return h;
    }
}
