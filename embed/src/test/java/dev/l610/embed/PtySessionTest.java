package dev.l610.embed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A whole MQTT session through the pseudo-terminal path, opened as a plain file, closed and opened again. */
@EnabledOnOs(OS.LINUX)
class PtySessionTest {

    @TempDir
    Path dir;

    private static String readUntil(InputStream in, String end) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                while (!got.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    got.write(b);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }).get(15, TimeUnit.SECONDS);
    }

    @Test
    void mqttSessionThroughThePty() throws Exception {
        Path tty = dir.resolve("ttyL610");
        try (VirtualL610 l610 = VirtualL610.builder().listen(null).pty(tty).start()) {
            assertThat(l610.readyLine()).startsWith("READY at=" + tty + " mqtt=127.0.0.1:");
            int port = l610.brokerAddress().getPort();
            try (FileOutputStream out = new FileOutputStream(tty.toFile()); FileInputStream in = new FileInputStream(tty.toFile())) {
                out.write(("ATE0\rAT+MQTTOPEN=1,\"127.0.0.1\"," + port + ",0,60\r").getBytes(StandardCharsets.US_ASCII));
                assertThat(readUntil(in, "+MQTTOPEN: 1,1\r\n")).endsWith("\r\nOK\r\n\r\n+MQTTOPEN: 1,1\r\n");
                out.write("AT+MQTTSUB=1,\"pty/#\",1\r".getBytes(StandardCharsets.US_ASCII));
                assertThat(readUntil(in, "+MQTTSUB: 1,1\r\n")).isEqualTo("\r\nOK\r\n\r\n+MQTTSUB: 1,1\r\n");
            }
            // the host closed the device; a message arrives meanwhile; the host opens it again
            try (FileOutputStream out = new FileOutputStream(tty.toFile()); FileInputStream in = new FileInputStream(tty.toFile())) {
                out.write("AT+MQTTPUB=1,\"pty/a\",1,0,5\r".getBytes(StandardCharsets.US_ASCII));
                assertThat(readUntil(in, ">\r\n")).isEqualTo("\r\n>\r\n");
                out.write(new byte[] {'h', '\r', '\n', 0, 'o'}); // raw line: CR, LF and NUL pass as data
                String got = readUntil(in, "\"\r\n");
                if (!got.contains("+MQTTPUB: 1,1")) {
                    got += readUntil(in, "+MQTTPUB: 1,1\r\n");
                }
                assertThat(got).contains("\r\nOK\r\n").contains("+MQTTPUB: 1,1").contains("+MQTTMSG: 1,1,\"pty/a\",\"h\r\n\u0000o\"");
            }
        }
    }
}
