package dev.l610.driver;

import dev.l610.modem.ModemConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The driver against the real virtual modem, in this JVM, over TCP. */
class VirtualModemTest {

    private final VirtualModemFixture fx = new VirtualModemFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("future did not fail");
    }

    private static BringUpOptions fast() {
        return BringUpOptions.defaults().withPollInterval(Duration.ofMillis(20));
    }

    @Test
    void aLineInUseFailsWithTheModemsExplanation() throws Exception {
        try (Socket first = new Socket("127.0.0.1", fx.port())) { // another host holds the line
            await().until(() -> fx.server.activeHost() != null);
            L610Driver d = fx.driver();
            Throwable t = failure(d.at().send("AT"));
            assertThat(t).isInstanceOf(LinkClosedException.class)
                    .hasMessageStartingWith("the modem side closed the link (")
                    .hasMessageContaining(": l610: the modem's serial line is in use by 127.0.0.1:" + first.getLocalPort()
                            + "; one host at a time");
            assertThat(get(d.closed())).hasMessage(t.getMessage());
        }
    }

    @Test
    void bringUpFromPowerUpDefaultsWithEchoOn() throws Exception {
        L610Driver d = fx.driver();
        assertThat(d.at().echo()).isTrue();
        ModemInfo info = get(d.modem().bringUp(fast().withDataCall(null)));
        assertThat(info.identity()).isEqualTo(new Identity("Fibocom", "L610", ModemConfig.DEFAULT_FIRMWARE, ModemConfig.DEFAULT_IMEI));
        assertThat(info.signal()).isEqualTo(new Signal(31, 99));
        assertThat(info.registration().isRegistered()).isTrue();
        assertThat(info.registration().kind()).isEqualTo(RegistrationKind.EPS);
        assertThat(info.ipAddress()).isEqualTo(ModemConfig.DEFAULT_IP);
        assertThat(d.at().echo()).isFalse();
    }

    @Test
    void commandsWithEchoOnAndThenOff() throws Exception {
        L610Driver d = fx.driver();
        assertThat(get(d.at().send("AT+CSQ")).lines()).containsExactly("+CSQ: 31,99");
        assertThat(get(d.at().send("AT+CGSN")).lines()).containsExactly(ModemConfig.DEFAULT_IMEI);
        assertThat(d.at().echo()).isTrue();
        get(d.modem().echo(false));
        assertThat(d.at().echo()).isFalse();
        assertThat(get(d.modem().imei())).isEqualTo(ModemConfig.DEFAULT_IMEI);
        assertThat(get(d.modem().firmware())).isEqualTo(ModemConfig.DEFAULT_FIRMWARE);
        assertThat(get(d.modem().simStatus())).isEqualTo("READY");
        assertThat(get(d.modem().attached())).isTrue();
        assertThat(get(d.at().send("AT+CMEE=1;+CSQ")).lines()).containsExactly("+CSQ: 31,99");
        get(d.at().send("ATZ")); // restores the power-up default: echo on
        assertThat(d.at().echo()).isTrue();
        assertThat(get(d.at().send("AT+COPS?")).fields("+COPS")).containsExactly("0", "0", ModemConfig.DEFAULT_OPERATOR, "7");
    }

    @Test
    void injectedUrcsNeverMixWithAnswers() throws Exception {
        L610Driver d = fx.driver();
        List<MqttMessage> got = new CopyOnWriteArrayList<>();
        d.mqtt().addMessageListener(got::add);
        List<CompletableFuture<AtResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fx.modem.urc("+MQTTMSG: 1,0,\"t\",\"x" + i + "\"");
            answers.add(d.at().send(i % 2 == 0 ? "AT+CSQ" : "AT+CGSN"));
            fx.modem.urc("+SIM READY");
        }
        for (int i = 0; i < 20; i++) {
            assertThat(get(answers.get(i)).lines()).containsExactly(i % 2 == 0 ? "+CSQ: 31,99" : ModemConfig.DEFAULT_IMEI);
        }
        await().untilAsserted(() -> assertThat(got).hasSize(20));
        for (int i = 0; i < 20; i++) {
            assertThat(got.get(i).payloadUtf8()).isEqualTo("x" + i);
        }
    }

    @Test
    void errorsNumericVerboseAndPlain() throws Exception {
        L610Driver d = fx.driver();
        AtCommandException e = (AtCommandException) failure(d.at().send("AT+CPIN=\"1234\""));
        assertThat(e.cmeError()).contains(CmeError.OPERATION_NOT_ALLOWED);
        assertThat(((AtCommandException) failure(d.at().send("AT+CMEE=7"))).cmeError()).contains(CmeError.INCORRECT_PARAMETERS);
        get(d.modem().errorMode(2));
        AtCommandException verbose = (AtCommandException) failure(d.at().send("AT+CPIN=\"1234\""));
        assertThat(verbose.resultLine()).isEqualTo("+CME ERROR: operation not allowed");
        assertThat(verbose.cmeError()).contains(CmeError.OPERATION_NOT_ALLOWED);
        get(d.modem().errorMode(0));
        AtCommandException plain = (AtCommandException) failure(d.at().send("AT+CPIN=\"1234\""));
        assertThat(plain.resultLine()).isEqualTo("ERROR");
        assertThat(((AtCommandException) failure(d.at().send("AT+NOSUCH"))).isCme()).isFalse();
    }

    @Test
    void registrationLossStallsBringUpUntilTheNetworkIsBack() throws Exception {
        L610Driver d = fx.driver();
        get(fx.modem.network(n -> n.deregister()));
        assertThat(get(d.modem().registration(RegistrationKind.CS)).isRegistered()).isFalse();
        Throwable t = failure(d.modem().bringUp(fast().withStepTimeout(Duration.ofMillis(300))));
        assertThat(t).isInstanceOf(BringUpException.class);
        assertThat(((BringUpException) t).step()).isEqualTo("registration");
        CompletableFuture<String> call = d.modem().startDataCall(null);
        assertThat(failure(call)).isInstanceOf(L610Exception.class).hasMessageContaining("+MIPCALL: 0");
        get(fx.modem.network(n -> n.allowRegistration()));
        assertThat(get(d.modem().bringUp(fast())).registration().isRegistered()).isTrue();
    }

    @Test
    void dataCallDownAndUp() throws Exception {
        L610Driver d = fx.driver();
        List<String> urcs = new CopyOnWriteArrayList<>();
        // the +SIM READY of boot may come before or after the listener is added (docs/at-reference.md §5)
        d.at().addUrcListener(u -> {
            if (!u.equals("+SIM READY")) {
                urcs.add(u);
            }
        });
        assertThat(get(d.modem().dataCallAddress())).contains(ModemConfig.DEFAULT_IP);
        get(d.modem().stopDataCall());
        assertThat(get(d.modem().dataCallAddress())).isEmpty();
        assertThat(get(d.modem().startDataCall("CMNET"))).isEqualTo(ModemConfig.DEFAULT_IP);
        await().untilAsserted(() -> assertThat(urcs).containsExactly("+MIPCALL: 0", "+MIPCALL: " + ModemConfig.DEFAULT_IP));
        get(d.modem().echo(false)); // the same with echo off: only the read order tells URC and answer apart
        get(d.modem().stopDataCall());
        assertThat(get(d.modem().dataCallAddress())).isEmpty();
        assertThat(get(d.modem().startDataCall(null))).isEqualTo(ModemConfig.DEFAULT_IP);
        await().untilAsserted(() -> assertThat(urcs).hasSize(4).endsWith("+MIPCALL: 0", "+MIPCALL: " + ModemConfig.DEFAULT_IP));
    }

    @Test
    void signalFollowsTheRadio() throws Exception {
        L610Driver d = fx.driver();
        get(fx.modem.network(n -> n.setRssi(12)));
        assertThat(get(d.modem().signal()).dBm()).hasValue(-89);
        get(fx.modem.network(n -> n.setRadio(false)));
        assertThat(get(d.modem().signal()).known()).isFalse();
    }

    @Test
    void theModemGoingAwayClosesTheDriver() throws Exception {
        L610Driver d = fx.driver();
        get(d.at().send("AT"));
        fx.server.close();
        assertThat(get(d.closed())).hasMessageContaining("closed the link");
        assertThat(failure(d.at().send("AT"))).isInstanceOf(LinkClosedException.class);
    }

    @Test
    void aStreamPairLinkWorksToo() throws Exception {
        Socket s = new Socket("127.0.0.1", fx.port());
        try (L610Driver d = L610Driver.open(Links.streams(s.getInputStream(), s.getOutputStream(), s, "socket streams"))) {
            assertThat(get(d.modem().identity()).model()).isEqualTo("L610");
            assertThat(d.link().description()).isEqualTo("socket streams");
        }
        assertThat(s.isClosed()).isTrue();
    }
}
