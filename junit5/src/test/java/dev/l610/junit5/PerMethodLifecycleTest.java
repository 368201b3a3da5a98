package dev.l610.junit5;

import dev.l610.driver.L610Driver;
import dev.l610.embed.VirtualL610;
import dev.l610.modem.ModemConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** On an instance field: a fresh modem for every test, closed after it. */
class PerMethodLifecycleTest {

    @RegisterExtension
    L610Extension l610 = L610Extension.builder()
            .config(ModemConfig.defaults())
            .noBroker()
            .noGateway()
            .build();

    static final List<VirtualL610> MODEMS = new CopyOnWriteArrayList<>();
    static final List<InetSocketAddress> LINES = new CopyOnWriteArrayList<>();

    @BeforeEach
    void before(VirtualL610 modem) {
        assertThat(modem).isSameAs(l610.get());
        assertThat(modem.transcript()).as("a fresh modem").isEmpty();
    }

    @RepeatedTest(2)
    void eachTestHasItsOwnModem(VirtualL610 modem, L610Driver driver) {
        MODEMS.add(modem);
        LINES.add(modem.atAddress());
        assertThat(modem.brokerAddress()).as("noBroker() passed through").isNull();
        assertThat(driver.at().send("ATI").join().lines()).contains("L610");
    }

    @AfterAll
    static void everyModemWasClosed() {
        assertThat(MODEMS).hasSize(2).doesNotHaveDuplicates();
        for (InetSocketAddress line : LINES) {
            assertThatThrownBy(() -> new Socket(line.getAddress(), line.getPort()).close())
                    .as("the line of a closed modem refuses connections").isInstanceOf(ConnectException.class);
        }
    }
}
