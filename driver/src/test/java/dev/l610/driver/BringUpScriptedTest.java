package dev.l610.driver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bring-up against a scripted module with real quirks: echo on, LF-only lines, SIM busy, spaces, +SIM READY. */
class BringUpScriptedTest {

    private final ScriptedPeer peer;
    private L610Driver driver;
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    BringUpScriptedTest() throws Exception {
        peer = new ScriptedPeer();
    }

    @AfterEach
    void close() throws Exception {
        if (driver != null) {
            driver.close();
        }
        peer.close();
    }

    private int count(String cmd) {
        return seen.computeIfAbsent(cmd, k -> new AtomicInteger()).incrementAndGet();
    }

    /** A module that boots slowly: SIM busy once, registration searching once, then fine. */
    private String quirky(String cmd, String mipcallAnswer) {
        sent.add(cmd);
        int n = count(cmd);
        return switch (cmd) {
            case "ATE0" -> "ATE0\r\r\nOK\r\n";
            case "AT+CMEE=1" -> "\nOK\n";
            case "AT+CPIN?" -> n == 1 ? "\r\n+CME ERROR: 14\r\n" : "\r\n+CPIN: READY\r\n\r\nOK\r\n";
            case "AT+CEREG?" -> "\r\nERROR\r\n";
            case "AT+CGREG?" -> n == 1 ? "\r\n+CGREG: 0,2\r\n\r\nOK\r\n" : "\r\n+CGREG:0, 5\r\n\r\nOK\r\n";
            case "AT+CREG?" -> "\r\n+CREG: 0,0\r\n\r\nOK\r\n";
            case "AT+CGATT?" -> "\r\n+CGATT: 1\r\n\r\nOK\r\n";
            case "AT+MIPCALL?" -> "\r\n+MIPCALL: 0\r\n\r\nOK\r\n";
            case "AT+MIPCALL=1,\"cmnet\"" -> "\r\nOK\r\n" + mipcallAnswer;
            case "ATI" -> "\r\nFibocom\r\nL610\r\n+SIM READY\r\nRevision: 16000.1000.00.97.20.10\r\n\r\nOK\r\n";
            case "AT+CGMR" -> "\r\n+CGMR: 16000.1000.00.97.20.10\r\n\r\nOK\r\n";
            case "AT+CGSN" -> "\r\n869548040012344\r\n\r\nOK\r\n";
            case "AT+CSQ" -> "\r\n+CSQ: 25, 99\r\n\r\nOK\r\n";
            default -> "\r\nERROR\r\n";
        };
    }

    private ModemInfo bringUp(Function<String, String> script, BringUpOptions options) throws Exception {
        driver = peer.connect();
        peer.autoRespond(script);
        return driver.modem().bringUp(options).get(10, TimeUnit.SECONDS);
    }

    private static BringUpOptions fast() {
        return BringUpOptions.defaults().withPollInterval(Duration.ofMillis(10)).withStepTimeout(Duration.ofSeconds(3));
    }

    @Test
    void bringsUpAQuirkyModuleWithADataCall() throws Exception {
        ModemInfo info = bringUp(c -> quirky(c, "\r\n+MIPCALL: 10.1.2.3\r\n"), fast().withDataCall("cmnet"));
        assertThat(info.identity()).isEqualTo(new Identity("Fibocom", "L610", "16000.1000.00.97.20.10", "869548040012344"));
        assertThat(info.signal()).isEqualTo(new Signal(25, 99));
        assertThat(info.registration()).isEqualTo(new Registration(RegistrationKind.PS, 0, 5));
        assertThat(info.registration().status()).isEqualTo(RegistrationStatus.REGISTERED_ROAMING);
        assertThat(info.ipAddress()).isEqualTo("10.1.2.3");
        assertThat(sent).startsWith("ATE0", "AT+CMEE=1", "AT+CPIN?", "AT+CPIN?", "AT+CEREG?", "AT+CGREG?", "AT+CREG?",
                "AT+CEREG?", "AT+CGREG?", "AT+CGATT?", "AT+MIPCALL?", "AT+MIPCALL=1,\"cmnet\"");
        assertThat(driver.at().echo()).isFalse();
    }

    @Test
    void aFailedDataCallFailsTheBringUp() throws Exception {
        assertThatThrownBy(() -> bringUp(c -> quirky(c, "\r\n+MIPCALL: 0\r\n"), fast().withDataCall("cmnet")))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(BringUpException.class).hasMessageContaining("data call")
                .hasMessageContaining("+MIPCALL: 0");
    }

    @Test
    void aModuleThatNeverRegistersMissesTheDeadline() throws Exception {
        Function<String, String> never = c -> c.endsWith("REG?") ? "\r\n" + c.substring(2, c.length() - 1) + ": 0,2\r\n\r\nOK\r\n"
                : quirky(c, "");
        BringUpOptions opts = fast().withStepTimeout(Duration.ofMillis(300));
        assertThatThrownBy(() -> bringUp(never, opts))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(BringUpException.class)
                .satisfies(e -> assertThat(((BringUpException) e).step()).isEqualTo("registration"));
    }
}
