package dev.l610.modem;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docs/at-reference.md §2: what a host sends before MQTT, byte for byte. */
class GeneralCommandsTest {

    private final ModemHarness h = new ModemHarness();

    @BeforeEach
    void echoOff() {
        h.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
    }

    @AfterEach
    void close() {
        h.close();
    }

    private void is(String cmd, String answer) {
        h.send(cmd + "\r").expect(answer);
    }

    @Test
    void identity() {
        is("ATI", "\r\nFibocom\r\nL610\r\nRevision: 16000.1000.00.97.20.10\r\n\r\nOK\r\n");
        is("AT+CGMI", "\r\nFibocom\r\n\r\nOK\r\n");
        is("AT+CGMM", "\r\nL610\r\n\r\nOK\r\n");
        is("AT+CGMR", "\r\n16000.1000.00.97.20.10\r\n\r\nOK\r\n");
        is("AT+CGSN", "\r\n869548040012344\r\n\r\nOK\r\n");
        is("AT+CGSN?", "\r\n+CGSN: \"869548040012344\"\r\n\r\nOK\r\n");
        is("AT+CPIN?", "\r\n+CPIN: READY\r\n\r\nOK\r\n");
        is("AT+CIMI", "\r\n460011234567890\r\n\r\nOK\r\n");
        is("AT+CGMM?", "\r\nERROR\r\n");
    }

    @Test
    void imeiIsConfigurableAndChecked() {
        try (ModemHarness other = new ModemHarness(ModemConfig.builder().imei("35693803564380").build())) {
            other.send("AT+CGSN\r").expect("AT+CGSN\r\r\n356938035643809\r\n\r\nOK\r\n");
        }
        assertThat(Imei.isValid("356938035643809")).isTrue();
        assertThat(Imei.isValid("356938035643808")).isFalse();
        assertThatThrownBy(() -> ModemConfig.builder().imei("356938035643808").build())
                .hasMessageContaining("check digit");
    }

    @Test
    void networkAtPowerUp() {
        is("AT+CSQ", "\r\n+CSQ: 31,99\r\n\r\nOK\r\n");
        is("AT+CSQ?", "\r\n+CSQ: 31,99\r\n\r\nOK\r\n"); // the read form real Fibocom drivers send
        is("AT+CREG?", "\r\n+CREG: 0,1\r\n\r\nOK\r\n");
        is("AT+CGREG?", "\r\n+CGREG: 0,1\r\n\r\nOK\r\n");
        is("AT+CEREG?", "\r\n+CEREG: 0,1\r\n\r\nOK\r\n");
        is("AT+CGATT?", "\r\n+CGATT: 1\r\n\r\nOK\r\n");
        is("AT+COPS?", "\r\n+COPS: 0,0,\"CHN-UNICOM\",7\r\n\r\nOK\r\n");
        is("AT+MIPCALL?", "\r\n+MIPCALL: 1,10.99.46.109\r\n\r\nOK\r\n");
        is("AT+CGPADDR=1", "\r\n+CGPADDR: 1,\"10.99.46.109\"\r\n\r\nOK\r\n");
        is("AT+GTSET=\"IPRFMT\",5", "\r\nOK\r\n");
        is("AT+CMEE=2", "\r\nOK\r\n");
        is("AT+CMEE?", "\r\n+CMEE: 2\r\n\r\nOK\r\n");
    }

    @Test
    void formsRealDriversSend() {
        // docs/at-reference.md §9
        is("AT+MIPDNS=\"127.0.0.1\",0", "\r\n+MIPDNS: 127.0.0.1,127.0.0.1\r\n\r\nOK\r\n");
        is("AT+MIPDNS=\"127.0.0.1\",1", "\r\n+CME ERROR: 100\r\n");
        is("AT+MIPDNS=?", "\r\n+MIPDNS: 255,(0-2)\r\n\r\nOK\r\n");
        is("AT+MIPDNS=host", "\r\n+CME ERROR: 50\r\n");
        is("AT+GTWAKE=1,2", "\r\nOK\r\n");
        is("AT+GTWAKE?", "\r\n+GTWAKE: 1,2\r\n\r\nOK\r\n");
        is("ATS24=1", "\r\nOK\r\n");
        is("ATS24?", "\r\n001\r\n\r\nOK\r\n");
        is("AT+MPING=1,\"127.0.0.1\"", "\r\nERROR\r\n");
        is("AT+MIPCALL=0", "\r\nOK\r\n\r\n+MIPCALL: 0\r\n");
        is("AT+MIPDNS=\"127.0.0.1\"", "\r\n+CME ERROR: 3\r\n");
    }

    @Test
    void aDeferredAnswerHoldsUrcsAndTheRestOfTheLine() {
        is("AT+MIPDNS=\"127.0.0.1\";+CGMM", "\r\n+MIPDNS: 127.0.0.1,127.0.0.1\r\n\r\nL610\r\n\r\nOK\r\n");
    }

    @Test
    void radioOffAndOn() {
        is("AT+CREG=1", "\r\nOK\r\n");
        is("AT+CFUN=0", "\r\nOK\r\n\r\n+CREG: 0\r\n\r\n+MIPCALL: 0\r\n");
        is("AT+CSQ", "\r\n+CSQ: 99,99\r\n\r\nOK\r\n");
        is("AT+CREG?", "\r\n+CREG: 1,0\r\n\r\nOK\r\n");
        is("AT+COPS?", "\r\n+COPS: 0\r\n\r\nOK\r\n");
        is("AT+CGATT=1", "\r\n+CME ERROR: 30\r\n");
        is("AT+CFUN?", "\r\n+CFUN: 0\r\n\r\nOK\r\n");
        is("AT+CFUN=1", "\r\nOK\r\n\r\n+CREG: 1\r\n\r\n+MIPCALL: 10.99.46.109\r\n");
        is("AT+CSQ", "\r\n+CSQ: 31,99\r\n\r\nOK\r\n");
    }

    @Test
    void mipcallDownAndUp() {
        is("AT+MIPCALL=0", "\r\nOK\r\n\r\n+MIPCALL: 0\r\n");
        is("AT+MIPCALL?", "\r\n+MIPCALL: 0\r\n\r\nOK\r\n");
        is("AT+CGPADDR=1", "\r\n+CGPADDR: 1,\"0.0.0.0\"\r\n\r\nOK\r\n");
        is("AT+MIPCALL=1,\"CMNET\"", "\r\nOK\r\n\r\n+MIPCALL: 10.99.46.109\r\n");
        is("AT+MIPCALL=1,\"CMNET\",\"user\",\"pwd\"", "\r\nOK\r\n\r\n+MIPCALL: 10.99.46.109\r\n");
        is("AT+MIPCALL=2", "\r\n+CME ERROR: 50\r\n");
    }

    @Test
    void detachDropsTheContext() {
        is("AT+CGATT=0", "\r\nOK\r\n\r\n+MIPCALL: 0\r\n");
        is("AT+CGATT?", "\r\n+CGATT: 0\r\n\r\nOK\r\n");
        is("AT+MIPCALL=1", "\r\nOK\r\n\r\n+MIPCALL: 0\r\n");
        is("AT+CGATT=1", "\r\nOK\r\n\r\n+MIPCALL: 10.99.46.109\r\n");
    }

    @Test
    void faultsThroughTheJavaApi() {
        is("AT+CEREG=2", "\r\nOK\r\n");
        h.modem.network(NetworkState::deregister).join();
        h.expect("\r\n+CEREG: 0\r\n\r\n+MIPCALL: 0\r\n");
        is("AT+CEREG?", "\r\n+CEREG: 2,0\r\n\r\nOK\r\n");
        h.modem.network(NetworkState::allowRegistration).join();
        h.expect("\r\n+CEREG: 1,\"5A1F\",\"0C8B2D01\",7\r\n\r\n+MIPCALL: 10.99.46.109\r\n");
        h.modem.network(n -> n.setRssi(12)).join();
        is("AT+CSQ", "\r\n+CSQ: 12,99\r\n\r\nOK\r\n");
    }

    @Test
    void aReattachCanBringAnotherAddressFromTheCarriersPool() {
        java.util.Iterator<String> pool = java.util.List.of("10.99.0.2", "10.99.0.3").iterator();
        h.modem.faults().addressOnReattach(pool::next).join();
        is("AT+MIPCALL?", "\r\n+MIPCALL: 1,10.99.46.109\r\n\r\nOK\r\n");
        h.modem.faults().deregister().join();
        h.expect("\r\n+MIPCALL: 0\r\n");
        h.modem.faults().register().join();
        h.expect("\r\n+MIPCALL: 10.99.0.2\r\n");
        is("AT+CGPADDR=1", "\r\n+CGPADDR: 1,\"10.99.0.2\"\r\n\r\nOK\r\n");
        h.modem.faults().dropContext().join();
        h.expect("\r\n+MIPCALL: 0\r\n");
        h.modem.faults().restoreContext().join();
        h.expect("\r\n+MIPCALL: 10.99.0.3\r\n");
        h.modem.faults().addressOnReattach(null).join();
        is("AT+CFUN=0", "\r\nOK\r\n\r\n+MIPCALL: 0\r\n");
        is("AT+CFUN=1", "\r\nOK\r\n\r\n+MIPCALL: 10.99.0.3\r\n");
    }

    @Test
    void pdpContexts() {
        is("AT+CGDCONT=1,\"IP\",\"iot.example\"", "\r\nOK\r\n");
        is("AT+CGDCONT=2,\"IPV4V6\",\"\"", "\r\nOK\r\n");
        is("AT+CGDCONT?", "\r\n+CGDCONT: 1,\"IP\",\"iot.example\",\"10.99.46.109\",0,0\r\n"
                + "+CGDCONT: 2,\"IPV4V6\",\"\",\"0.0.0.0\",0,0\r\n\r\nOK\r\n");
        is("AT+CGDCONT=2", "\r\nOK\r\n");
        is("AT+CGDCONT=16,\"IP\",\"x\"", "\r\n+CME ERROR: 50\r\n");
        is("AT+CGDCONT=3,\"X25\",\"x\"", "\r\n+CME ERROR: 50\r\n");
        is("AT+CGPADDR=3", "\r\n+CME ERROR: 50\r\n");
    }

    @Test
    void clock() {
        h.send("AT+CCLK?\r");
        h.sync();
        assertThat(h.available()).matches("\r\n\\+CCLK: \"\\d\\d/\\d\\d/\\d\\d,\\d\\d:\\d\\d:\\d\\d\\+00\"\r\n\r\nOK\r\n");
        h.expect(h.available());
        is("AT+CCLK=\"26/07/20,06:51:36+32\"", "\r\nOK\r\n");
        h.send("AT+CCLK?\r");
        h.sync();
        assertThat(h.available()).startsWith("\r\n+CCLK: \"26/07/20,06:5").contains("+32\"");
        h.expect(h.available());
        is("AT+CCLK=\"26/13/20,06:51:36+00\"", "\r\n+CME ERROR: 50\r\n");
    }
}
