package dev.l610.mqttsn.internal.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManagerFactory;

/** The trust for TLS to the broker: the JVM's CAs, or only those of a PEM file. */
public final class BrokerTls {

    private BrokerTls() {
    }

    /**
     * Trusts the certificates of {@code caFile} (PEM, one or more), or the JVM's CAs when it is null.
     *
     * @throws IllegalArgumentException when the file cannot be read or holds no certificate
     */
    public static TrustManagerFactory trust(Path caFile) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile == null) {
                tmf.init((KeyStore) null);
                return tmf;
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int n = 0;
            try (InputStream in = Files.newInputStream(caFile)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("ca-" + n++, c);
                }
            }
            if (n == 0) {
                throw new GeneralSecurityException("no certificate in it");
            }
            tmf.init(ks);
            return tmf;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("CA file " + caFile + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
    }
}
