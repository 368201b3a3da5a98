package dev.l610.modem.mqtt;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemHarness;
import dev.l610.mqttsn.gateway.MqttSnGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deliver 4: bad input generated from each MQTT command's own test form. For every {@code +MQTT*} name in
 * {@link dev.l610.modem.VirtualModem#commandNames()} the modem is asked {@code AT<name>=?}; the answer
 * ({@code +MQTTOPEN: (1,2,101,102),255,(1-65535),(0,1),(1-300)}) gives, per parameter, a list, a range or
 * a string's longest length. From a valid line for every client id (1, 2, 101, 102), each parameter in
 * turn is set just outside its range (below and above, a gap of a list) and to the wrong type (a number
 * quoted, a string unquoted, a string one octet too long); the answer must be exactly the error of the
 * command's table (docs/at-reference.md §1 "Errors"): {@code +CME ERROR: 50} or plain {@code ERROR}.
 *
 * <p>Run twice: with every client closed and with every client open (so a state check cannot stand in for
 * the parameter check: a plain-ERROR command on an open client would answer OK to valid input). A new
 * MQTT command fails this test until its error style is added to {@link #STYLE}.
 */
class BadInputMatrixTest {

    private static final String CME_50 = "\r\n+CME ERROR: 50\r\n";
    private static final String ERROR = "\r\nERROR\r\n";
    /** The manual's error tables: which commands answer +CME ERROR and which plain ERROR. */
    private static final Map<String, String> STYLE = Map.of(
            "+MQTTUSER", CME_50, "+MQTTOPEN", CME_50, "+MQTTCONF", CME_50, "+MQTTREAD", CME_50,
            "+MQTTCLOSE", ERROR, "+MQTTSUB", ERROR, "+MQTTUNSUB", ERROR, "+MQTTPUB", ERROR, "+MQTTWILL", ERROR);
    private static final int[] IDS = {1, 2, 101, 102};
    private static final Pattern FIELD = Pattern.compile("\\(([^)]*)\\)|(\\d+)");

    private EmbeddedBroker broker;
    private MqttSnGateway gateway;
    /** 101 and 102 have the same client id (the IMEI): each needs a gateway and broker of its own. */
    private EmbeddedBroker broker2;
    private MqttSnGateway gateway2;
    private ModemHarness h;

    /** One parameter of a test form. */
    private record Param(List<Integer> list, int low, int high, int maxLength) {
        boolean isString() {
            return maxLength > 0;
        }

        boolean isIdList() {
            return list != null && list.contains(1) && list.contains(2);
        }

        String valid(int id) {
            if (isIdList()) {
                return Integer.toString(id);
            }
            if (isString()) {
                return "\"t\"";
            }
            return Integer.toString(list != null ? list.get(0) : low);
        }

        /** Values just outside, and of the wrong type. */
        List<String> bad() {
            List<String> b = new ArrayList<>();
            if (isString()) {
                b.add("t"); // unquoted
                b.add("\"" + "x".repeat(maxLength + 1) + "\"");
                return b;
            }
            int min = list != null ? list.get(0) : low;
            int max = list != null ? list.get(list.size() - 1) : high;
            b.add(Integer.toString(min - 1));
            b.add(Integer.toString(max + 1));
            if (list != null) {
                for (int i = 1; i < list.size(); i++) {
                    if (list.get(i) > list.get(i - 1) + 1) {
                        b.add(Integer.toString(list.get(i) - 1)); // a gap
                    }
                }
            }
            b.add("\"" + min + "\""); // quoted
            return b;
        }
    }

    @BeforeEach
    void start() {
        broker = EmbeddedBroker.startEphemeral();
        gateway = MqttSnGateway.builder().broker(broker.host(), broker.port()).build().start();
        broker2 = EmbeddedBroker.startEphemeral();
        gateway2 = MqttSnGateway.builder().broker(broker2.host(), broker2.port()).build().start();
        h = new ModemHarness(ModemConfig.builder().outcomeTimeout(Duration.ofSeconds(5)).build());
        h.send("ATE0\r").expect("ATE0\r\r\nOK\r\n");
    }

    @AfterEach
    void stop() {
        h.close();
        gateway.close();
        broker.close();
        gateway2.close();
        broker2.close();
    }

    private List<Param> testForm(String name) {
        h.send("AT" + name + "=?\r");
        String prefix = "\r\n" + name + ": ";
        await().atMost(Duration.ofSeconds(10)).until(() -> h.available().endsWith("\r\nOK\r\n")
                || h.available().endsWith("ERROR\r\n"));
        String answer = h.available();
        h.expect(answer);
        assertThat(answer).as("test form of %s", name).startsWith(prefix).endsWith("\r\n\r\nOK\r\n");
        String body = answer.substring(prefix.length(), answer.length() - "\r\n\r\nOK\r\n".length());
        List<Param> params = new ArrayList<>();
        Matcher m = FIELD.matcher(body);
        while (m.find()) {
            if (m.group(2) != null) {
                params.add(new Param(null, 0, 0, Integer.parseInt(m.group(2))));
            } else if (m.group(1).matches("\\d+-\\d+")) {
                String[] r = m.group(1).split("-");
                params.add(new Param(null, Integer.parseInt(r[0]), Integer.parseInt(r[1]), 0));
            } else {
                List<Integer> l = new ArrayList<>();
                for (String v : m.group(1).split(",")) {
                    l.add(Integer.parseInt(v.trim()));
                }
                params.add(new Param(l, 0, 0, 0));
            }
        }
        assertThat(params).as("parameters of %s", name).isNotEmpty();
        return params;
    }

    private int matrix(boolean open) {
        List<String> names = h.modem.commandNames().stream().filter(n -> n.startsWith("+MQTT")).sorted().toList();
        assertThat(names).contains("+MQTTOPEN", "+MQTTPUB", "+MQTTSUB");
        int cases = 0;
        for (String name : names) {
            assertThat(STYLE).as("error style of %s (docs/at-reference.md §1): add it to STYLE", name).containsKey(name);
            if (!open && STYLE.get(name).equals(ERROR) && !name.equals("+MQTTCLOSE") && !name.equals("+MQTTWILL")) {
                continue; // on a closed client valid input is ERROR too: only the open run can tell
            }
            List<Param> params = testForm(name);
            boolean hasId = params.get(0).isIdList();
            int[] ids = hasId ? java.util.Arrays.stream(IDS).filter(params.get(0).list()::contains).toArray() : new int[] {0};
            for (int id : ids) {
                for (int i = 0; i < params.size(); i++) {
                    for (String bad : params.get(i).bad()) {
                        StringBuilder line = new StringBuilder("AT").append(name).append('=');
                        for (int j = 0; j < params.size(); j++) {
                            line.append(j == 0 ? "" : ",").append(j == i ? bad : params.get(j).valid(id));
                        }
                        h.send(line + "\r").expect(STYLE.get(name));
                        cases++;
                    }
                }
            }
        }
        h.expectNothingMore();
        return cases;
    }

    private void openAll() {
        for (int id : new int[] {1, 2}) { // one client id each: the same id twice would take the first's session over
            h.send("AT+MQTTUSER=" + id + ",\"\",\"\",\"matrix-" + id + "\"\r").expect("\r\nOK\r\n");
        }
        for (int id : IDS) {
            int port = id == 101 ? gateway.localAddress().getPort() : id == 102 ? gateway2.localAddress().getPort() : broker.port();
            h.send("AT+MQTTOPEN=" + id + ",\"127.0.0.1\"," + port + ",1,60\r").expect("\r\nOK\r\n")
                    .expect("\r\n+MQTTOPEN: " + id + ",1\r\n");
        }
    }

    @Test
    void everyParameterJustOutsideItsRangeOrOfTheWrongTypeIsTheTablesError() {
        int closed = matrix(false);
        openAll();
        int open = matrix(true);
        System.out.printf("BadInputMatrixTest: %d bad lines with clients closed, %d with clients open%n", closed, open);
        assertThat(open).isGreaterThan(closed);
    }
}
