package dev.l610.driver.internal;

import dev.l610.driver.CmeError;
import dev.l610.driver.MqttError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.l610.driver.internal.CommandSyntax.Type.ACTION;
import static dev.l610.driver.internal.CommandSyntax.Type.READ;
import static dev.l610.driver.internal.CommandSyntax.Type.SET;
import static dev.l610.driver.internal.CommandSyntax.Type.TEST;
import static org.assertj.core.api.Assertions.assertThat;

class CommandSyntaxTest {

    @Test
    void partsOfCommandLines() {
        assertThat(CommandSyntax.parse("AT+CSQ")).containsExactly(new CommandSyntax.Part("+CSQ", ACTION, ""));
        assertThat(CommandSyntax.parse("at+cpin?")).containsExactly(new CommandSyntax.Part("+CPIN", READ, ""));
        assertThat(CommandSyntax.parse("AT+MQTTOPEN=?")).containsExactly(new CommandSyntax.Part("+MQTTOPEN", TEST, ""));
        assertThat(CommandSyntax.parse("AT+CMEE=1;+MQTTPUB=1,\"a;b\",0,0,\"x;y\";+CSQ")).extracting(CommandSyntax.Part::name)
                .containsExactly("+CMEE", "+MQTTPUB", "+CSQ");
        assertThat(CommandSyntax.parse("ATE0V1")).containsExactly(new CommandSyntax.Part("E", ACTION, "0"),
                new CommandSyntax.Part("V", ACTION, "1"));
        assertThat(CommandSyntax.parse("AT&F")).containsExactly(new CommandSyntax.Part("&F", ACTION, ""));
        assertThat(CommandSyntax.parse("ATS0=2")).containsExactly(new CommandSyntax.Part("S", SET, "2"));
    }

    @Test
    void informationLinesAreChosenByPrefixOrBareness() {
        List<CommandSyntax.Part> csq = CommandSyntax.parse("AT+CSQ");
        assertThat(CommandSyntax.isInfo(csq, "+CSQ: 31,99")).isTrue();
        assertThat(CommandSyntax.isInfo(csq, "+CSQ:31,99")).isTrue();
        assertThat(CommandSyntax.isInfo(csq, "+SIM READY")).isFalse();
        assertThat(CommandSyntax.isInfo(csq, "+CSQN: 1")).isFalse();
        List<CommandSyntax.Part> cgsn = CommandSyntax.parse("AT+CGSN");
        assertThat(CommandSyntax.isInfo(cgsn, "869548040012344")).isTrue();
        assertThat(CommandSyntax.isInfo(cgsn, "+SIM READY")).isFalse();
        assertThat(CommandSyntax.isInfo(cgsn, "RDY")).isFalse();
        assertThat(CommandSyntax.isInfo(CommandSyntax.parse("ATI"), "Revision: 16000.1000.00.97.20.10")).isTrue();
        // the set form of an asynchronous command takes no information line: its +MQTTOPEN lines are URCs
        assertThat(CommandSyntax.isInfo(CommandSyntax.parse("AT+MQTTOPEN=2,\"h\",1883,1,60"), "+MQTTOPEN: 1,1")).isFalse();
        assertThat(CommandSyntax.isInfo(CommandSyntax.parse("AT+MQTTOPEN?"), "+MQTTOPEN: 1")).isTrue();
        assertThat(CommandSyntax.isInfo("+FOO: 1", List.of("+FOO"))).isTrue();
        assertThat(CommandSyntax.isInfo("bare", List.of(""))).isTrue();
    }

    @Test
    void fieldsAreSplitTolerantly() {
        assertThat(AtFields.split(AtFields.afterPrefix("+COPS: 0, 0,\"CHN,UNICOM\" ,7"))).containsExactly("0", "0", "CHN,UNICOM", "7");
        assertThat(AtFields.split(AtFields.afterPrefix("+CPIN:READY"))).containsExactly("READY");
        assertThat(AtFields.split("")).isEmpty();
        assertThat(AtFields.intOr("x", -1)).isEqualTo(-1);
    }

    @Test
    void finalResultsAndCmeCodesNumericOrVerbose() {
        assertThat(FinalResult.parse("OK").ok()).isTrue();
        assertThat(FinalResult.parse("ERROR").code()).isEqualTo(-1);
        assertThat(FinalResult.parse("+CME ERROR: 50").code()).isEqualTo(50);
        assertThat(FinalResult.parse("+CME ERROR: Incorrect parameters").code()).isEqualTo(50);
        assertThat(FinalResult.parse("+CME ERROR: operation not allowed").code()).isEqualTo(3);
        assertThat(FinalResult.parse("+CME ERROR: something new").code()).isEqualTo(-1);
        assertThat(FinalResult.parse("+CSQ: 1,2")).isNull();
        assertThat(FinalResult.mqttRefusal("+CME ERROR: 703")).isEqualTo(MqttError.BAD_USER_NAME_OR_PASSWORD);
        assertThat(FinalResult.mqttRefusal("+CME ERROR: Not authorized")).isEqualTo(MqttError.NOT_AUTHORIZED);
        assertThat(FinalResult.mqttRefusal("+CME ERROR: 50")).isNull();
    }

    @Test
    void codeEnumsRoundTrip() {
        for (CmeError e : CmeError.values()) {
            assertThat(CmeError.fromCode(e.code())).isEqualTo(e);
            assertThat(CmeError.fromText(e.text().toUpperCase())).isEqualTo(e);
        }
        for (MqttError e : MqttError.values()) {
            assertThat(MqttError.fromCode(e.code())).isEqualTo(e);
            assertThat(e.connAckReturnCode()).isEqualTo(e.code() - 699);
        }
        assertThat(CmeError.fromCode(700)).isNull();
        assertThat(MqttError.fromCode(50)).isNull();
    }
}
