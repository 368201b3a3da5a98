package dev.l610.link;

import dev.l610.modem.ModemConfig;
import dev.l610.modem.ModemRuntime;
import dev.l610.modem.VirtualModem;
import org.junit.jupiter.api.AfterEach;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The pty path opened as a plain file, as a program that knows nothing of l610 would. */
@EnabledOnOs(OS.LINUX)
class PtyLinkTest {

    @TempDir
    Path dir;
    private final ModemRuntime runtime = ModemRuntime.create(2);
    private final VirtualModem modem = new VirtualModem(ModemConfig.defaults(), runtime);
    private PtyLink link;

    @AfterEach
    void close() {
        if (link != null) {
            link.close();
        }
        modem.close();
        runtime.close();
    }

    static String readUntil(InputStream in, String end) throws Exception {
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
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void hostOpensTalksClosesAndOpensAgain() throws Exception {
        Path path = dir.resolve("ttyL610");
        link = PtyLink.start(modem, path);
        assertThat(Files.isSymbolicLink(path)).isTrue();
        assertThat(link.device()).startsWith("/dev/");
        try (FileOutputStream out = new FileOutputStream(path.toFile()); FileInputStream in = new FileInputStream(path.toFile())) {
            out.write("AT+CGMM\r".getBytes(StandardCharsets.US_ASCII));
            // raw line: CR reaches the modem as CR, and nothing but the modem echoes
            assertThat(readUntil(in, "OK\r\n")).isEqualTo("\r\n+SIM READY\r\nAT+CGMM\r\r\nL610\r\n\r\nOK\r\n");
        }
        try (FileOutputStream out = new FileOutputStream(path.toFile()); FileInputStream in = new FileInputStream(path.toFile())) {
            out.write("ATE0\rAT+CSQ\r".getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(in, "+CSQ: 31,99\r\n\r\nOK\r\n")).isEqualTo("ATE0\r\r\nOK\r\n\r\n+CSQ: 31,99\r\n\r\nOK\r\n");
        }
        link.close();
        assertThat(Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void refusesToReplaceARegularFile() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-link"), "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PtyLink.start(modem, file))
                .isInstanceOf(LinkException.class).hasMessageContaining("not a symlink");
    }
}
