package dev.l610.junit5;

import dev.l610.driver.L610Driver;
import dev.l610.embed.VirtualL610;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Run by {@link TranscriptOnFailureTest} through EngineTestKit (not by surefire): one test fails, one passes, one is skipped. */
class FailingCase {

    @RegisterExtension
    static L610Extension l610 = L610Extension.builder().noGateway().build();

    static volatile L610Driver lastDriver;
    static volatile VirtualL610 modem;

    @Test
    void fails(L610Driver driver, VirtualL610 m) {
        lastDriver = driver;
        modem = m;
        String imei = driver.at().send("AT+CGSN").join().lines().get(0);
        assertThat(imei).as("the IMEI").isEqualTo("000000000000000");
    }

    @Test
    void passes(L610Driver driver) {
        driver.at().send("AT+CSQ").join();
    }

    @Test
    void isSkipped(L610Driver driver) {
        driver.at().send("AT").join();
        Assumptions.assumeTrue(false, "skipped on purpose");
    }
}
