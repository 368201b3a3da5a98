package dev.l610.driver.internal;

import dev.l610.driver.MqttBreak;
import dev.l610.driver.MqttMessage;
import dev.l610.driver.MqttMessageInfo;
import dev.l610.driver.MqttTopic;
import dev.l610.driver.Qos;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MqttLinesTest {

    private static String text(MqttMessage m) {
        return new String(m.payload(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void messageWithQuotesAndCommasInThePayload() {
        MqttMessage m = MqttLines.message("+MQTTMSG: 1,1,\"a/b\",\"x\",\"y\"");
        assertThat(m.clientId()).isEqualTo(1);
        assertThat(m.qos()).isEqualTo(Qos.AT_LEAST_ONCE);
        assertThat(m.topic()).isEqualTo(new MqttTopic.Name("a/b"));
        assertThat(text(m)).isEqualTo("x\",\"y");
    }

    @Test
    void messageWithSpacesAfterCommasAndColon() {
        MqttMessage m = MqttLines.message("+MQTTMSG:2, 0, \"t\", \"hello\"");
        assertThat(m.clientId()).isEqualTo(2);
        assertThat(text(m)).isEqualTo("hello");
    }

    @Test
    void mqttSnMessageWithBareTopicId() {
        MqttMessage m = MqttLines.message("+MQTTMSG: 101,1,42,\"p\"");
        assertThat(m.topic()).isEqualTo(new MqttTopic.Id(42));
        assertThat(text(m)).isEqualTo("p");
    }

    @Test
    void emptyPayloadAndBinaryPayload() {
        assertThat(MqttLines.message("+MQTTMSG: 1,0,\"t\",\"\"").payload()).isEmpty();
        MqttMessage m = MqttLines.message("+MQTTMSG: 1,0,\"t\",\"\u0000\u00ff\r\n\"");
        assertThat(m.payload()).containsExactly(0x00, 0xFF, '\r', '\n');
    }

    @Test
    void readIsCutByItsLengthFields() {
        Optional<MqttMessage> m = MqttLines.read("+MQTTREAD: 1,2,3,6,\"a/b\",\"\"\",\r\n\"\"");
        assertThat(m).isPresent();
        assertThat(m.get().qos()).isEqualTo(Qos.EXACTLY_ONCE);
        assertThat(m.get().topic()).isEqualTo(new MqttTopic.Name("a/b"));
        assertThat(text(m.get())).isEqualTo("\"\",\r\n\""); // 6 bytes: quotes, comma, CR LF inside
        assertThat(MqttLines.read("+MQTTREAD: 1,0,0,0")).isEmpty();
        assertThat(MqttLines.read("+MQTTREAD: 1, 0, 0, 0")).isEmpty();
        assertThat(MqttLines.read("+MQTTREAD: x")).isNull();
    }

    @Test
    void completenessFollowsTheLengths() {
        assertThat(MqttLines.isComplete("+MQTTREAD: 1,0,3,5,\"a/b\",\"x")).isFalse();
        assertThat(MqttLines.isComplete("+MQTTREAD: 1,0,3,5,\"a/b\",\"x\r\nyz\"")).isTrue();
        assertThat(MqttLines.isComplete("+MQTTREAD: 1,0,0,0")).isTrue();
        assertThat(MqttLines.isComplete("+MQTTMSG: 1,0,\"t\",\"abc")).isFalse();
        assertThat(MqttLines.isComplete("+MQTTMSG: 1,0,\"t\",\"")).isFalse();
        assertThat(MqttLines.isComplete("+MQTTMSG: 1,0,\"t\",\"\"")).isTrue();
        assertThat(MqttLines.isComplete("+MQTTMSGI: 1,0,3,5")).isTrue();
        assertThat(MqttLines.isComplete("+MQTTMSG: garbage")).isTrue();
        assertThat(MqttLines.isComplete("+MQTTMSG: 1,0,\"t\",\"" + "x".repeat(3000))).isTrue();
    }

    @Test
    void infoBreakAndOutcomeLines() {
        assertThat(MqttLines.messageInfo("+MQTTMSGI: 1,1,3, 12")).isEqualTo(new MqttMessageInfo(1, Qos.AT_LEAST_ONCE, 3, 12));
        assertThat(MqttLines.breakLine("+MQTTBREAK: 2, 3")).isEqualTo(new MqttBreak(2, 3));
        assertThat(MqttLines.outcome("+MQTTOPEN: 1, 0")).isEqualTo(new MqttLines.Outcome("+MQTTOPEN", 1, 0));
        assertThat(MqttLines.outcome("+MQTTUNSUB:101,1")).isEqualTo(new MqttLines.Outcome("+MQTTUNSUB", 101, 1));
        assertThat(MqttLines.outcome("+MQTTOPEN: 1")).isNull(); // read form, not an outcome
        assertThat(MqttLines.isAlwaysUrc("+MQTTOPEN: (1,2,101,102),255,(1-65535),(0,1),(1-300)")).isFalse();
    }
}
