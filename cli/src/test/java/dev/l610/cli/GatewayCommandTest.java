package dev.l610.cli;

import dev.l610.broker.EmbeddedBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code l610 gateway}: broker credentials and limits, and a Paho gateway.conf through --config. */
class GatewayCommandTest {

    private static final String NL = System.lineSeparator();

    private record Running(GatewayCommand cmd, StringWriter out, StringWriter err, CompletableFuture<Integer> exit) {
        int udpPort() {
            await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().startsWith("READY mqttsn=127.0.0.1:") || exit.isDone());
            assertThat(out.toString()).as("stderr: " + err).startsWith("READY mqttsn=127.0.0.1:");
            return Integer.parseInt(out.toString().replaceAll("(?s)READY mqttsn=127\\.0\\.0\\.1:(\\d+).*", "$1"));
        }

        int stop() {
            cmd.stop.complete("test");
            return exit.join();
        }
    }

    private static Running gateway(String... args) {
        GatewayCommand g = new GatewayCommand();
        CommandLine cl = L610.configure(new CommandLine(g));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Running(g, out, err, CompletableFuture.supplyAsync(() -> cl.execute(args)));
    }

    /** CONNECT clean, duration 60, client id L610-0001; the CONNACK in hex. */
    private static String connect(int port) throws Exception {
        try (DatagramSocket udp = new DatagramSocket()) {
            udp.setSoTimeout(15_000);
            byte[] connect = HexFormat.of().parseHex("0f040401003c4c3631302d30303031");
            udp.send(new DatagramPacket(connect, connect.length, InetAddress.getLoopbackAddress(), port));
            DatagramPacket ack = new DatagramPacket(new byte[16], 16);
            udp.receive(ack);
            return HexFormat.of().formatHex(ack.getData(), 0, ack.getLength());
        }
    }

    @Test
    void a_paho_gateway_conf_brings_broker_login_and_port_and_warns_about_the_rest(@TempDir Path dir) throws Exception {
        try (EmbeddedBroker b = EmbeddedBroker.start("127.0.0.1", 0, "gw", "pw 1")) {
            Files.writeString(dir.resolve("predefinedTopic.conf"), "# Paho's list\n*,sensors/a,1\nL610-0001,cmd/b,2\n");
            Path conf = Files.writeString(dir.resolve("gateway.conf"), String.join("\n",
                    "# a Paho MQTT-SN gateway.conf",
                    "BrokerName=127.0.0.1",
                    "BrokerPortNo=" + b.port(),
                    "BrokerSecurePortNo=8883",
                    "GatewayID=3",
                    "GatewayName=PahoGateway-01",
                    "GatewayPortNo=0",
                    "KeepAlive=900",
                    "LoginID=gw",
                    "Password=pw 1",
                    "PredefinedTopic=YES",
                    "PredefinedTopicList=predefinedTopic.conf",
                    "MaxNumberOfClients=30",
                    "AggregatingGateway=NO",
                    "ShinyNewKey=1",
                    ""));
            Running r = gateway("--config", conf.toString());
            int port = r.udpPort();
            assertThat(connect(port)).isEqualTo("030500"); // accepted: the broker wants LoginID/Password
            assertThat(r.err().toString())
                    .contains("l610: --config " + conf + ": AggregatingGateway (line 14) ignored: only the transparent gateway")
                    .contains("unknown key ignored: ShinyNewKey (line 15)")
                    .contains("KeepAlive (line 8) ignored")
                    .contains("predefined topics of client(s) L610-0001 apply to every client here");
            try (DatagramSocket udp = new DatagramSocket()) { // SEARCHGW: GWINFO with GatewayID 3
                udp.setSoTimeout(15_000);
                udp.send(new DatagramPacket(new byte[] {3, 1, 0}, 3, InetAddress.getLoopbackAddress(), port));
                DatagramPacket info = new DatagramPacket(new byte[16], 16);
                udp.receive(info);
                assertThat(HexFormat.of().formatHex(info.getData(), 0, info.getLength())).isEqualTo("030203");
            }
            assertThat(r.stop()).isZero();
        }
    }

    @Test
    void command_line_options_win_over_the_file(@TempDir Path dir) throws Exception {
        try (EmbeddedBroker good = EmbeddedBroker.start("127.0.0.1", 0, "cli-user", "cli-pw")) {
            Path conf = Files.writeString(dir.resolve("gateway.conf"),
                    "BrokerName=nothere.invalid\nBrokerPortNo=1\nLoginID=file-user\nPassword=file-pw\nGatewayPortNo=1\n");
            Path pw = Files.writeString(dir.resolve("pw"), "cli-pw\n");
            Running r = gateway("--config", conf.toString(), "--broker", "127.0.0.1:" + good.port(), "--listen", "127.0.0.1:0",
                    "--broker-user", "cli-user", "--broker-password-file", pw.toString(), "--max-clients", "5");
            assertThat(connect(r.udpPort())).isEqualTo("030500");
            assertThat(r.stop()).isZero();
        }
    }

    @Test
    void without_credentials_a_login_broker_refuses_and_bad_files_and_values_are_clear_errors(@TempDir Path dir) throws Exception {
        try (EmbeddedBroker b = EmbeddedBroker.start("127.0.0.1", 0, "gw", "pw")) {
            Running r = gateway("--broker", "127.0.0.1:" + b.port(), "--listen", "127.0.0.1:0");
            assertThat(connect(r.udpPort())).isEqualTo("030503"); // CONNACK 'not supported': the broker said CONNACK 5
            r.stop();
        }
        List<String[]> bad = new ArrayList<>();
        Path conf = dir.resolve("gateway.conf");
        bad.add(new String[] {"BrokerName=127.0.0.1\nBrokerPortNo=70000\n", "--config " + conf + ": line 2: BrokerPortNo must be a number 1..65535, was '70000'"});
        bad.add(new String[] {"BrokerName=127.0.0.1\nPredefinedTopic=maybe\n", "line 2: PredefinedTopic must be YES or NO, was 'maybe'"});
        bad.add(new String[] {"BrokerName\n", "line 1: expected Key=value, got 'BrokerName'"});
        bad.add(new String[] {"BrokerName=a\nBrokerName=b\n", "line 2: BrokerName given twice"});
        bad.add(new String[] {"GatewayPortNo=1885\n", "missing the broker: give --broker HOST:PORT or BrokerName in " + conf});
        bad.add(new String[] {"BrokerName=127.0.0.1\nPassword=x\n", "Password (line 2) needs LoginID"});
        for (String[] c : bad) {
            Files.writeString(conf, c[0]);
            Running r = gateway("--config", conf.toString());
            assertThat(r.exit().join()).as(c[0]).isEqualTo(2);
            assertThat(r.err().toString()).as(c[0]).contains(c[1]).endsWith("gateway --help'." + NL);
        }
        Running missing = gateway("--config", dir.resolve("none.conf").toString());
        assertThat(missing.exit().join()).isEqualTo(2);
        assertThat(missing.err().toString()).contains("no such file");
        Running noUser = gateway("--broker", "127.0.0.1:1883", "--broker-password-file", conf.toString());
        assertThat(noUser.exit().join()).isEqualTo(2);
        assertThat(noUser.err().toString()).contains("--broker-password-file needs --broker-user");
        Running badCa = gateway("--broker", "127.0.0.1:1883", "--ca-file", conf.toString());
        assertThat(badCa.exit().join()).isEqualTo(2);
        assertThat(badCa.err().toString()).contains("--ca-file " + conf);
        Running zero = gateway("--broker", "127.0.0.1:1883", "--max-pending", "0");
        assertThat(zero.exit().join()).isEqualTo(2);
        assertThat(zero.err().toString()).contains("maxQueuedPerSession must be >= 1, was 0");
    }
}
