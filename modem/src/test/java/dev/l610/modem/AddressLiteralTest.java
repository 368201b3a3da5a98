package dev.l610.modem;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which host names take the timing profile's look-up time: not address literals, by one rule for the whole modem. */
class AddressLiteralTest {

    @Test
    void addressLiteralsAreTheOnesTheMqttServiceConnectsToWithoutALookUp() {
        assertThat(VirtualModem.isAddress("127.0.0.1")).isTrue();
        assertThat(VirtualModem.isAddress("::1")).isTrue();
        assertThat(VirtualModem.isAddress("2001:db8::7")).isTrue();
        assertThat(VirtualModem.isAddress("broker.example")).isFalse();
        // the old pattern took these for addresses: they are looked up (and fail) as names are
        assertThat(VirtualModem.isAddress("1.2.3")).isFalse();
        assertThat(VirtualModem.isAddress("999.1.1.1")).isFalse();
        assertThat(VirtualModem.isAddress("a:b")).isFalse();
    }
}
