package dev.l610.driver;

import dev.l610.link.TcpModemServer;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.VirtualModem;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The real virtual modem in this JVM on an ephemeral 127.0.0.1 port, and drivers connected to it. */
final class VirtualModemFixture implements AutoCloseable {

    final ModemRuntime runtime = ModemRuntime.create(2);
    final VirtualModem modem;
    final TcpModemServer server;
    private L610Driver driver;

    VirtualModemFixture() {
        this(ModemConfig.defaults());
    }

    VirtualModemFixture(ModemConfig config) {
        modem = new VirtualModem(config, runtime);
        server = TcpModemServer.start(modem, new InetSocketAddress("127.0.0.1", 0));
    }

    int port() {
        return server.address().getPort();
    }

    L610Driver driver() throws IOException {
        return driver(DriverOptions.defaults().withTimeouts(Timeouts.all(java.time.Duration.ofSeconds(10))));
    }

    L610Driver driver(DriverOptions options) throws IOException {
        driver = L610Driver.open(Links.tcp("127.0.0.1", port()), options);
        return driver;
    }

    /** True when the modem implements the MQTT commands (docs/at-reference.md §3 test form), false while it answers ERROR. */
    static boolean mqttImplemented(L610Driver d) throws Exception {
        try {
            AtResponse r = d.at().send("AT+MQTTOPEN=?").get(10, TimeUnit.SECONDS);
            return r.line("+MQTTOPEN").isPresent();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof AtCommandException) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.close();
        }
        server.close();
        modem.close();
        runtime.close();
    }
}
