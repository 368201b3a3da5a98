package dev.l610.modem;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives a real {@link VirtualModem} as a host would: bytes in, and the exact bytes out, read as a
 * transcript. Output is consumed as it is matched.
 */
public final class ModemHarness implements AutoCloseable {

    private final ModemRuntime runtime;
    private final boolean ownRuntime;
    public final VirtualModem modem;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int consumed;

    public ModemHarness() {
        this(ModemConfig.builder().dataTimeout(Duration.ofMillis(500)).build());
    }

    public ModemHarness(ModemConfig config) {
        this(config, ModemRuntime.create(2), true);
    }

    /**
     * A modem with a host attached from power-up: with a ready SIM the harness consumes the
     * {@code \r\n+SIM READY\r\n} of boot (docs/at-reference.md §5), so tests start at a booted, idle line.
     */
    public ModemHarness(ModemConfig config, ModemRuntime runtime, boolean ownRuntime) {
        this(config, runtime, ownRuntime, true);
        if (config.sim().kind() == SimSetting.Kind.READY) {
            expect("\r\n+SIM READY\r\n");
        }
    }

    /** A harness that consumes nothing: its output starts with what the modem writes at boot. */
    public static ModemHarness raw(ModemConfig config) {
        return new ModemHarness(config, ModemRuntime.create(2), true, true);
    }

    private ModemHarness(ModemConfig config, ModemRuntime runtime, boolean ownRuntime, boolean unused) {
        this.runtime = runtime;
        this.ownRuntime = ownRuntime;
        this.modem = new VirtualModem(config, runtime);
        modem.attachHost(bytes -> {
            synchronized (out) {
                out.write(bytes, 0, bytes.length);
            }
        });
    }

    public ModemHarness send(String ascii) {
        modem.input(ascii.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    public ModemHarness send(byte[] raw) {
        modem.input(raw);
        return this;
    }

    /** Waits until the next output bytes are exactly {@code expected}, then consumes them. */
    public ModemHarness expect(String expected) {
        return expect(expected, Duration.ofSeconds(10));
    }

    /** As {@link #expect(String)}, waiting up to {@code atMost} (for realistic timing profiles). */
    public ModemHarness expect(String expected, Duration atMost) {
        await().atMost(atMost).until(() -> available().length() >= expected.length()
                || !expected.startsWith(available()));
        String got = available();
        assertThat(got.substring(0, Math.min(got.length(), expected.length())))
                .as("modem output").isEqualTo(expected);
        consumed += expected.length();
        return this;
    }

    /** Sends {@code command + CR} and expects its echo and then {@code answer}. */
    public ModemHarness exchange(String command, String answer) {
        send(command + "\r");
        return expect(command + "\r" + answer);
    }

    /** Consumes {@code n} characters of output (after a test looked at {@link #available()}). */
    public void consume(int n) {
        consumed += n;
    }

    /** The output not yet consumed. */
    public String available() {
        synchronized (out) {
            return out.toString(StandardCharsets.ISO_8859_1).substring(consumed);
        }
    }

    /** Waits until the modem has processed everything sent so far. */
    public void sync() {
        modem.call(m -> null).join();
    }

    /** Asserts nothing more was written (after the modem has processed what was sent). */
    public void expectNothingMore() {
        sync();
        assertThat(available()).as("unexpected modem output").isEmpty();
    }

    @Override
    public void close() {
        modem.close();
        if (ownRuntime) {
            runtime.close();
        }
    }
}
