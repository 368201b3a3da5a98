package dev.l610.cli;

import dev.l610.mqttsn.gateway.BrokerCredentials;
import dev.l610.mqttsn.gateway.MqttSnGatewayBuilder;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The gateway's broker credentials, TLS and limits as {@code l610 gateway} and {@code l610 serve} take
 * them (serve's names carry a {@code gateway-} prefix), checked and applied to the builder.
 */
final class GatewayBrokerSide {

    String user;
    Path passwordFile;
    /** A password given in a configuration file (Paho's Password key), when there is no password file. */
    String password;
    boolean tls;
    Path caFile;
    Path credentialsFile;
    Integer maxClients;
    Integer maxPending;
    Integer maxTopics;

    /** @param prefix "--" for {@code l610 gateway}, "--gateway-" for {@code l610 serve} */
    void apply(CommandLine.Model.CommandSpec spec, String prefix, MqttSnGatewayBuilder b) {
        String userOpt = prefix + "broker-user";
        String pwOpt = prefix + "broker-password-file";
        if (passwordFile != null && user == null) {
            throw usage(spec, pwOpt + " needs " + userOpt);
        }
        if (user != null) {
            String pw = password;
            if (passwordFile != null) {
                try {
                    pw = BrokerCredentials.readPasswordFile(passwordFile);
                } catch (IOException | IllegalArgumentException e) {
                    throw usage(spec, pwOpt + " " + passwordFile + ": " + describe(passwordFile, e));
                }
            }
            try {
                b.brokerCredentials(BrokerCredentials.of(user, pw));
            } catch (IllegalArgumentException e) {
                throw usage(spec, userOpt + ": " + e.getMessage());
            }
        }
        if (credentialsFile != null) {
            try {
                b.clientCredentials(BrokerCredentials.loadPerClient(credentialsFile));
            } catch (IOException | IllegalArgumentException e) {
                throw usage(spec, prefix + "broker-credentials " + credentialsFile + ": " + describe(credentialsFile, e));
            }
        }
        if (tls || caFile != null) {
            if (caFile != null && !Files.isRegularFile(caFile)) {
                throw usage(spec, prefix + "ca-file " + caFile + ": " + (Files.isDirectory(caFile) ? "is a directory" : "no such file"));
            }
            try {
                b.brokerTls(caFile);
            } catch (IllegalArgumentException e) {
                throw usage(spec, prefix + "ca-file " + caFile + ": " + e.getMessage());
            }
        }
        try {
            if (maxClients != null) {
                b.maxSessions(maxClients);
            }
            if (maxPending != null) {
                b.maxQueuedPerSession(maxPending);
            }
            if (maxTopics != null) {
                b.maxTopicsPerSession(maxTopics);
            }
        } catch (IllegalArgumentException e) {
            throw usage(spec, prefix + "max-*: " + e.getMessage());
        }
    }

    private static String describe(Path file, Exception e) {
        if (Files.isDirectory(file)) {
            return "is a directory";
        }
        return e instanceof FileSystemException fs ? Errors.explain(fs) : e.getMessage();
    }

    private static CommandLine.ParameterException usage(CommandLine.Model.CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
