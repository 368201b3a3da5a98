package dev.l610.at;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultFormatterTest {

    private final AtSettings settings = new AtSettings();
    private final ResultFormatter f = new ResultFormatter(settings);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private String written() {
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void verboseInformationThenOk() {
        f.information(List.of("+CSQ: 31,99"), out);
        f.finalResult(FinalResult.OK, out);
        assertThat(written()).isEqualTo("\r\n+CSQ: 31,99\r\n\r\nOK\r\n");
    }

    @Test
    void severalInformationLinesAreFramedTogether() {
        f.information(List.of("+MQTTOPEN: 1", "+MQTTOPEN: 2"), out);
        f.finalResult(FinalResult.OK, out);
        assertThat(written()).isEqualTo("\r\n+MQTTOPEN: 1\r\n+MQTTOPEN: 2\r\n\r\nOK\r\n");
    }

    @Test
    void cmeErrorFollowsCmee() {
        FinalResult e = FinalResult.cme(CmeError.INCORRECT_PARAMETERS);
        f.finalResult(e, out);
        settings.cmee(2);
        f.finalResult(e, out);
        settings.cmee(0);
        f.finalResult(e, out);
        assertThat(written()).isEqualTo("\r\n+CME ERROR: 50\r\n\r\n+CME ERROR: Incorrect parameters\r\n\r\nERROR\r\n");
    }

    @Test
    void numericResultCodes() {
        settings.verbose(false);
        f.information(List.of("+CSQ: 31,99"), out);
        f.finalResult(FinalResult.OK, out);
        f.finalResult(FinalResult.ERROR, out);
        f.finalResult(FinalResult.cme(CmeError.OPERATION_NOT_ALLOWED), out);
        f.urc("+MQTTBREAK: 1,1", out);
        assertThat(written()).isEqualTo("+CSQ: 31,99\r\n0\r4\r+CME ERROR: 3\r\n+MQTTBREAK: 1,1\r\n");
    }

    @Test
    void urcAndPrompt() {
        f.urc("+MQTTOPEN: 1,1", out);
        f.prompt(out);
        assertThat(written()).isEqualTo("\r\n+MQTTOPEN: 1,1\r\n\r\n>\r\n");
    }

    @Test
    void mqttErrorsMapFromConnAckCodes() {
        assertThat(CmeError.fromConnAckReturnCode(1)).isEqualTo(CmeError.UNACCEPTABLE_PROTOCOL_VERSION);
        assertThat(CmeError.fromConnAckReturnCode(4).code()).isEqualTo(703);
        assertThat(CmeError.fromConnAckReturnCode(5).text()).isEqualTo("Not authorized");
        assertThat(CmeError.fromCode(999)).isNull();
        settings.cmee(2);
        assertThat(f.cmeUrcText(CmeError.BAD_USER_NAME_OR_PASSWORD)).isEqualTo("+CME ERROR: Bad user name or password");
    }
}
