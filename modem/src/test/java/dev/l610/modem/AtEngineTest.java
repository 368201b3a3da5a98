package dev.l610.modem;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/at-reference.md §1 framing, byte for byte, through a real modem. */
class AtEngineTest {

    private final ModemHarness h = new ModemHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void atAnswersOkWithEcho() {
        h.exchange("AT", "\r\nOK\r\n");
    }

    @Test
    void echoOffThenNoEcho() {
        h.exchange("ATE0", "\r\nOK\r\n");
        h.send("AT+CSQ\r").expect("\r\n+CSQ: 31,99\r\n\r\nOK\r\n");
        h.send("ATE1\r").expect("\r\nOK\r\n");
        h.exchange("AT", "\r\nOK\r\n");
    }

    @Test
    void oneByteAtATimeAndLfIgnored() {
        for (byte b : "AT+CSQ\r\n".getBytes(StandardCharsets.US_ASCII)) {
            h.send(new byte[] {b});
        }
        // echo is byte for byte: the LF that follows the CR is echoed after the answer the CR started
        h.expect("AT+CSQ\r\r\n+CSQ: 31,99\r\n\r\nOK\r\n\n");
    }

    @Test
    void noiseBeforeAtIsDroppedButEchoed() {
        h.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
        h.send("\u0000garbage AT+CGMI\r").expect("\r\nFibocom\r\n\r\nOK\r\n");
    }

    @Test
    void unknownCommandIsError() {
        h.exchange("AT+FOO", "\r\nERROR\r\n");
        h.exchange("AT+FOO=1", "\r\nERROR\r\n");
        h.exchange("ATX", "\r\nERROR\r\n");
    }

    @Test
    void semicolonLineHasOneFinalResultAndEachResponseFramedOnItsOwn() {
        h.exchange("AT+CMEE=1;+CSQ;+CGMM", "\r\n+CSQ: 31,99\r\n\r\nL610\r\n\r\nOK\r\n");
    }

    @Test
    void firstFailureEndsTheLine() {
        h.exchange("AT+CSQ;+FOO;+CGMM", "\r\n+CSQ: 31,99\r\n\r\nERROR\r\n");
        h.exchange("AT+CMEE=7;+CSQ", "\r\n+CME ERROR: 50\r\n");
    }

    @Test
    void syntaxErrorAfterGoodCommandsRunsThemThenError() {
        h.exchange("AT+CMEE=2;+CGDCONT=2,\"IP", "\r\nERROR\r\n");
        h.exchange("AT+CMEE?", "\r\n+CMEE: 2\r\n\r\nOK\r\n");
    }

    @Test
    void repeatWithASlash() {
        h.exchange("AT+CGMM", "\r\nL610\r\n\r\nOK\r\n");
        h.send("A/").expect("A/\r\nL610\r\n\r\nOK\r\n");
    }

    @Test
    void backspaceEditsTheLine() {
        h.send("AT+CSX\bQ\r").expect("AT+CSX\bQ\r\r\n+CSQ: 31,99\r\n\r\nOK\r\n");
    }

    @Test
    void overlongLineIsErrorAndDoesNotBreakTheNextOne() {
        String line = "AT+MQTTPUB=1,\"t\",0,0,\"" + "x".repeat(3000) + "\"";
        h.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
        h.send(line + "\r").expect("\r\nERROR\r\n");
        h.send("AT\r").expect("\r\nOK\r\n");
    }

    @Test
    void lineOfExactly2048BytesIsAccepted() {
        h.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
        // AT+GTSET="IPRFMT",5 padded with spaces (ignored outside quotes) to 2048 bytes
        String cmd = "AT+GTSET=\"IPRFMT\",5";
        String padded = cmd.substring(0, 8) + " ".repeat(2048 - cmd.length()) + cmd.substring(8);
        assertThat(padded).hasSize(2048);
        h.send(padded + "\r").expect("\r\nOK\r\n");
        h.send(padded.substring(0, 9) + " " + padded.substring(9) + "\r").expect("\r\nERROR\r\n");
    }

    @Test
    void cmeeModes() {
        h.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
        h.send("AT+CFUN=9\r").expect("\r\n+CME ERROR: 50\r\n");
        h.send("AT+CMEE=2\r").expect("\r\nOK\r\n");
        h.send("AT+CFUN=9\r").expect("\r\n+CME ERROR: Incorrect parameters\r\n");
        h.send("AT+CMEE=0\r").expect("\r\nOK\r\n");
        h.send("AT+CFUN=9\r").expect("\r\nERROR\r\n");
    }

    @Test
    void numericResultCodes() {
        h.send("ATE0V0\r").expect("ATE0V0\r0\r");
        h.send("AT+CSQ\r").expect("+CSQ: 31,99\r\n0\r");
        h.send("AT+FOO\r").expect("4\r");
        h.send("ATV1\r").expect("\r\nOK\r\n");
    }

    /** Spaces outside strings are ignored (V.250 §5.1): {@code ATV 1} is ATV1, not V0 and then ERROR. */
    @Test
    void spacesBetweenCommandAndValueAreIgnored() {
        h.send("ATE 0\r").expect("ATE 0\r\r\nOK\r\n");
        h.send("ATV 1\r").expect("\r\nOK\r\n");
        h.send("AT+CSQ\r").expect("\r\n+CSQ: 31,99\r\n\r\nOK\r\n"); // still verbose
        h.send("AT + CMEE?\r").expect("\r\n+CMEE: 1\r\n\r\nOK\r\n");
    }

    @Test
    void atzRestoresDefaults() {
        h.send("ATE0V0\r").expect("ATE0V0\r0\r");
        h.send("AT+CMEE=2\r").expect("0\r");
        h.send("ATZ\r").expect("\r\nOK\r\n");
        h.exchange("AT+CMEE?", "\r\n+CMEE: 1\r\n\r\nOK\r\n");
    }

    @Test
    void sRegisters() {
        h.exchange("ATS3?", "\r\n013\r\n\r\nOK\r\n");
        h.exchange("ATS5=200", "\r\nERROR\r\n");
    }

    @Test
    void urcWaitsForTheFinalResult() {
        // AT+MIPCALL=1 queues +MIPCALL: <ip> while its own line runs: it must follow OK
        h.exchange("AT+MIPCALL=1;+CSQ", "\r\n+CSQ: 31,99\r\n\r\nOK\r\n\r\n+MIPCALL: 10.99.46.109\r\n");
    }

    @Test
    void throttledLineKeepsEveryByteInOrder() {
        try (ModemHarness slow = new ModemHarness(ModemConfig.builder().throttleBaud(19200).build())) {
            String line = "AT+GTSET=\"IPRFMT\",5;+CGMM;+CSQ";
            slow.send(line + "\r").send("ATI\r");
            slow.expect(line + "\r\r\nOK\r\n".replace("\r\nOK", "\r\nL610\r\n\r\n+CSQ: 31,99\r\n\r\nOK"));
            slow.expect("ATI\r\r\nFibocom\r\nL610\r\nRevision: 16000.1000.00.97.20.10\r\n\r\nOK\r\n");
        }
    }

    @Test
    void urcFromOutsideIsFramed() {
        h.modem.urc("+MQTTBREAK: 1,1");
        h.expect("\r\n+MQTTBREAK: 1,1\r\n");
    }

    @Test
    void urcsWaitWhileNoHostIsAttachedAndArriveInOrder() {
        h.sync();
        ModemHarness other = h;
        LineSink none = b -> { };
        other.modem.attachHost(none);
        other.modem.detachHost(none);
        other.modem.urc("+A: 1");
        other.modem.urc("+B: 2");
        other.sync();
        StringBuilder got = new StringBuilder();
        other.modem.attachHost(b -> {
            synchronized (got) {
                got.append(new String(b, StandardCharsets.ISO_8859_1));
            }
        });
        other.sync();
        synchronized (got) {
            assertThat(got.toString()).isEqualTo("\r\n+A: 1\r\n\r\n+B: 2\r\n");
        }
    }
}
