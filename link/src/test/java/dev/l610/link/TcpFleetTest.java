package dev.l610.link;

import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.VirtualModem;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Many modems with a TCP line each on one runtime: the threads are the runtime's, not one per modem or host. */
class TcpFleetTest {

    private static final int MODEMS = 50;
    private static final int LOOPS = 2;

    @Test
    void threadsDoNotGrowWithTheNumberOfModems() throws IOException {
        List<AutoCloseable> open = new ArrayList<>();
        ModemRuntime runtime = ModemRuntime.create(LOOPS);
        try {
            session(runtime, open); // the first modem starts what every modem shares
            int after1 = Thread.activeCount();
            for (int i = 1; i < MODEMS; i++) {
                session(runtime, open);
            }
            int afterN = Thread.activeCount();
            // at most the loops of the group not started yet by the first modem
            assertThat(afterN - after1).as("threads for %d more modems, each with a connected host", MODEMS - 1)
                    .isLessThanOrEqualTo(LOOPS);
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("l610-tcp"));
        } finally {
            java.util.Collections.reverse(open);
            for (AutoCloseable c : open) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing
                }
            }
            runtime.close();
        }
    }

    /** A modem, its TCP line, and a host that stays connected after one command. */
    private static void session(ModemRuntime runtime, List<AutoCloseable> open) throws IOException {
        VirtualModem modem = new VirtualModem(ModemConfig.defaults(), runtime);
        open.add(modem);
        TcpModemServer server = TcpModemServer.start(modem, new InetSocketAddress("127.0.0.1", 0));
        open.add(server);
        Socket s = new Socket("127.0.0.1", server.address().getPort());
        open.add(s);
        s.setSoTimeout(10_000);
        s.getOutputStream().write("AT\r".getBytes(StandardCharsets.US_ASCII));
        assertThat(TcpModemServerTest.readUntil(s.getInputStream(), "OK\r\n")).isEqualTo("\r\n+SIM READY\r\nAT\r\r\nOK\r\n");
    }
}
