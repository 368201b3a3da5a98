package dev.l610.junit5;

import dev.l610.driver.L610Driver;
import dev.l610.embed.VirtualL610;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** On a static field: one modem for the class and its nested classes; a fresh driver per test. */
class PerClassLifecycleTest {

    @RegisterExtension
    static L610Extension l610 = L610Extension.builder().noGateway().build();

    static final Set<VirtualL610> MODEMS = ConcurrentHashMap.newKeySet();
    static final Set<L610Driver> DRIVERS = ConcurrentHashMap.newKeySet();

    @Test
    void injectsTheRunningModemAndAConnectedDriver(VirtualL610 modem, L610Driver driver) {
        MODEMS.add(modem);
        DRIVERS.add(driver);
        assertThat(modem).isSameAs(l610.get());
        assertThat(driver.isOpen()).isTrue();
        assertThat(driver.at().send("AT").join().lines()).isEmpty();
        assertThat(driver.modem().imei().join()).isEqualTo("869548040012344");
        assertThat(modem.gatewayAddress()).as("noGateway() passed through").isNull();
        assertThat(modem.brokerAddress()).isNotNull();
    }

    @Test
    void theNextTestHasTheSameModemAndANewDriver(VirtualL610 modem, L610Driver driver, L610Driver again) {
        MODEMS.add(modem);
        DRIVERS.add(driver);
        assertThat(again).as("one driver per test").isSameAs(driver);
        assertThat(driver.modem().signal().join().rssi()).isEqualTo(31);
    }

    @Nested
    class Inner {
        @Test
        void aNestedClassSharesTheOuterModem(VirtualL610 modem, L610Driver driver) {
            MODEMS.add(modem);
            DRIVERS.add(driver);
            assertThat(driver.at().send("AT").join().lines()).isEmpty();
        }
    }

    @AfterAll
    static void oneModemThreeDriversEachClosedAfterItsTest() {
        assertThat(MODEMS).hasSize(1);
        assertThat(DRIVERS).hasSize(3).noneMatch(L610Driver::isOpen);
        assertThat(l610.get().transcript()).contains("AT+CGSN", "AT+CSQ");
    }
}
