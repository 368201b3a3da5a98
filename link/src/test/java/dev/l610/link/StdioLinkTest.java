package dev.l610.link;

import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.VirtualModem;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StdioLinkTest {

    @Test
    void answersEverythingBeforeTheEndOfInputEndsTheLink() throws Exception {
        try (ModemRuntime runtime = ModemRuntime.create(2)) {
            VirtualModem modem = new VirtualModem(ModemConfig.defaults(), runtime);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StdioLink link = StdioLink.start(modem,
                    new ByteArrayInputStream("ATE0\rAT+CGMM\rAT+FOO\r".getBytes(StandardCharsets.US_ASCII)), out);
            link.ended().get(10, TimeUnit.SECONDS);
            assertThat(out.toString(StandardCharsets.ISO_8859_1))
                    .isEqualTo("ATE0\r\r\nOK\r\n\r\nL610\r\n\r\nOK\r\n\r\nERROR\r\n");
            link.close();
            modem.close();
        }
    }
}
