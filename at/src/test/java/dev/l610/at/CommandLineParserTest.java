package dev.l610.at;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineParserTest {

    @Test
    void emptyLineHasNoCommands() {
        ParsedLine p = CommandLineParser.parse("");
        assertThat(p.complete()).isTrue();
        assertThat(p.commands()).isEmpty();
    }

    @Test
    void extendedForms() {
        List<AtCommand> c = CommandLineParser.parse("+CSQ;+CPIN?;+MQTTPUB=?;+CMEE=2").commands();
        assertThat(c).extracting(AtCommand::name).containsExactly("+CSQ", "+CPIN", "+MQTTPUB", "+CMEE");
        assertThat(c).extracting(AtCommand::type)
                .containsExactly(CommandType.ACTION, CommandType.READ, CommandType.TEST, CommandType.SET);
        assertThat(c.get(3).params()).containsExactly(AtParam.bare("2"));
    }

    @Test
    void namesAreCaseInsensitiveButStringsAreKept() {
        AtCommand c = CommandLineParser.parse("+mqttsub=1,\"Dev/Temp\",1").commands().get(0);
        assertThat(c.name()).isEqualTo("+MQTTSUB");
        assertThat(c.param(1)).isEqualTo(AtParam.quoted("Dev/Temp"));
    }

    @Test
    void quotedStringMayHoldCommasAndSemicolons() {
        ParsedLine p = CommandLineParser.parse("+MQTTPUB=1,\"a/b\",0,0,\"x,y;z\";+CSQ");
        assertThat(p.complete()).isTrue();
        assertThat(p.commands()).hasSize(2);
        assertThat(p.commands().get(0).params()).containsExactly(
                AtParam.bare("1"), AtParam.quoted("a/b"), AtParam.bare("0"), AtParam.bare("0"), AtParam.quoted("x,y;z"));
    }

    @Test
    void emptyParametersAndSpaces() {
        AtCommand c = CommandLineParser.parse("+MQTTUSER= 1 , \"\" ,, \"id\" ").commands().get(0);
        assertThat(c.params()).containsExactly(AtParam.bare("1"), AtParam.quoted(""), AtParam.EMPTY, AtParam.quoted("id"));
        assertThat(c.param(2).isEmpty()).isTrue();
        assertThat(c.param(1).isEmpty()).isFalse();
        assertThat(c.param(7)).isEqualTo(AtParam.EMPTY);
    }

    @Test
    void integers() {
        assertThat(AtParam.bare("65535").isInteger()).isTrue();
        assertThat(AtParam.bare("65535").longValue()).isEqualTo(65535);
        assertThat(AtParam.bare("-1").isInteger()).isFalse();
        assertThat(AtParam.bare("1x").isInteger()).isFalse();
        assertThat(AtParam.quoted("1").isInteger()).isFalse();
        assertThat(AtParam.bare("99999999999").isInteger()).isFalse();
    }

    @Test
    void basicCommandsMayBeChained() {
        List<AtCommand> c = CommandLineParser.parse("E0V1&FZI").commands();
        assertThat(c).extracting(AtCommand::name).containsExactly("E", "V", "&F", "Z", "I");
        assertThat(c).extracting(AtCommand::digits).containsExactly("0", "1", "", "", "");
    }

    @Test
    void sRegisters() {
        List<AtCommand> c = CommandLineParser.parse("S3?S5=8").commands();
        assertThat(c.get(0).name()).isEqualTo("S3");
        assertThat(c.get(0).type()).isEqualTo(CommandType.READ);
        assertThat(c.get(1).type()).isEqualTo(CommandType.SET);
        assertThat(c.get(1).param(0)).isEqualTo(AtParam.bare("8"));
    }

    @Test
    void syntaxErrorsKeepWhatParsedBefore() {
        ParsedLine p = CommandLineParser.parse("+CSQ;+MQTTPUB=1,\"abc");
        assertThat(p.complete()).isFalse();
        assertThat(p.syntaxError()).contains("unterminated");
        assertThat(p.commands()).extracting(AtCommand::name).containsExactly("+CSQ");

        assertThat(CommandLineParser.parse("+CSQ?x").complete()).isFalse();
        assertThat(CommandLineParser.parse("+X=1,\"a\"b").complete()).isFalse();
        assertThat(CommandLineParser.parse("+X=a\"b\"").complete()).isFalse();
        assertThat(CommandLineParser.parse("#").complete()).isFalse();
        assertThat(CommandLineParser.parse("+").complete()).isFalse();
        assertThat(CommandLineParser.parse("&").complete()).isFalse();
    }

    @Test
    void spacesOutsideStringsAreIgnoredEverywhere() {
        assertThat(CommandLineParser.parse("V 1").commands()).containsExactly(AtCommand.basic("V", "1"));
        assertThat(CommandLineParser.parse("E 0").commands()).containsExactly(AtCommand.basic("E", "0"));
        ParsedLine p = CommandLineParser.parse(" + CMEE ? ; + MQTTPUB = 1 , \"a b\" , 0");
        assertThat(p.complete()).isTrue();
        assertThat(p.commands()).extracting(AtCommand::name).containsExactly("+CMEE", "+MQTTPUB");
        assertThat(p.commands().get(0).type()).isEqualTo(CommandType.READ);
        assertThat(p.commands().get(1).params()).containsExactly(AtParam.bare("1"), AtParam.quoted("a b"), AtParam.bare("0"));
    }
}
