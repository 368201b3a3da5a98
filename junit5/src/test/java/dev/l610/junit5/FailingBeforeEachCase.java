package dev.l610.junit5;

import dev.l610.driver.L610Driver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Run by {@link TranscriptOnFailureTest} through EngineTestKit: a per-method modem whose {@code @BeforeEach} fails. */
class FailingBeforeEachCase {

    @RegisterExtension
    L610Extension l610 = L610Extension.builder().noBroker().noGateway().build();

    static volatile L610Driver driver;

    @BeforeEach
    void setUp(L610Driver d) {
        driver = d;
        d.at().send("AT+CPIN?").join();
        throw new IllegalStateException("set-up failed on purpose");
    }

    @Test
    void neverRuns() {
        throw new AssertionError("not reached");
    }
}
