package dev.l610.junit5;

import dev.l610.driver.DriverOptions;
import dev.l610.driver.L610Driver;
import dev.l610.driver.Links;
import dev.l610.embed.VirtualL610;
import dev.l610.modem.Faults;
import dev.l610.modem.ModemConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A virtual L610 for JUnit 5 tests.
 *
 * <pre>{@code
 * class MyFirmwareTest {
 *     @RegisterExtension
 *     static L610Extension l610 = L610Extension.builder().noGateway().build();   // one modem for the class
 *
 *     @Test
 *     void publishes(L610Driver driver, VirtualL610 modem) {                       // both injected
 *         driver.modem().bringUp(BringUpOptions.defaults()).join();
 *         modem.faults().radio(false).join();
 *     }
 * }
 * }</pre>
 *
 * <p>Lifecycle: registered on a {@code static} field, one {@link VirtualL610} is started before all tests
 * of the class (and its {@code @Nested} classes) and closed after them; on an instance field, a fresh one
 * is started before each test and closed after it.
 *
 * <p>Parameters: {@link VirtualL610} (the running modem) and {@link L610Driver} (a driver connected to
 * the modem's TCP line, opened for the test or lifecycle method that asks for it and closed after that
 * test; within one test every parameter gets the same driver). The line takes one host at a time, so
 * close a driver of your own before asking for an injected one.
 *
 * <p>Failures: when a test or one of its lifecycle methods ({@code @BeforeEach}, {@code @AfterEach}, and with a
 * static field {@code @BeforeAll}, {@code @AfterAll}) fails, the last
 * {@value #DEFAULT_TRANSCRIPT_TAIL_CHARS} characters of the line's transcript (every byte between host and
 * modem, passwords masked) are attached to the failure as a suppressed {@link L610Transcript}, so they
 * show in the stack trace that Maven Surefire, Gradle and IDEs print, and are published as the report
 * entry {@code l610.transcript}.
 */
public final class L610Extension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    /** How much of the transcript a failure gets by default (characters, about 4 KiB). */
    public static final int DEFAULT_TRANSCRIPT_TAIL_CHARS = 4096;

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(L610Extension.class);
    private static final String MODEM = "modem";

    private final List<Consumer<VirtualL610.Builder>> settings;
    private final int tailChars;
    private final DriverOptions driverOptions;
    private volatile Running current;

    private L610Extension(Builder b) {
        this.settings = List.copyOf(b.settings);
        this.tailChars = b.tailChars;
        this.driverOptions = b.driverOptions;
    }

    /** An extension with {@link VirtualL610}'s defaults: TCP line, broker and MQTT-SN gateway on free ports. */
    public static L610Extension create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- for tests that hold the extension in a field ----

    /**
     * The modem of the running test (or class).
     *
     * @throws IllegalStateException outside a test
     */
    public VirtualL610 get() {
        Running r = current;
        if (r == null) {
            throw new IllegalStateException("no virtual L610 is running: call get() from a test or a lifecycle method");
        }
        return r.modem;
    }

    /** Shorthand for {@code get().faults()}. */
    public Faults faults() {
        return get().faults();
    }

    /** Shorthand for {@code get().atAddress()}: the TCP serial line. */
    public InetSocketAddress atAddress() {
        return get().atAddress();
    }

    /** Shorthand for {@code get().brokerAddress()}. */
    public InetSocketAddress brokerAddress() {
        return get().brokerAddress();
    }

    /** The last {@code maxChars} characters of the running modem's transcript. */
    public String transcriptTail(int maxChars) {
        return tail(get(), maxChars);
    }

    /** The part of the transcript a failure would get. */
    public String transcriptTail() {
        return transcriptTail(tailChars);
    }

    static String tail(VirtualL610 modem, int maxChars) {
        String t = modem.transcript();
        if (t.length() <= maxChars) {
            return t;
        }
        // start at a whole entry (one line) where there is one
        int cut = t.length() - maxChars;
        int nl = t.indexOf('\n', cut);
        return nl >= 0 && nl + 1 < t.length() ? t.substring(nl + 1) : t.substring(cut);
    }

    // ---- lifecycle ----

    @Override
    public void beforeAll(ExtensionContext context) {
        if (find(context) == null) {
            start(context, true);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (find(context) == null) {
            start(context, false);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Running r = context.getStore(NS).remove(MODEM + context.getUniqueId(), Running.class);
        closeDrivers(context);
        if (r != null) {
            r.close();
            current = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeDrivers(context);
        Running r = context.getStore(NS).remove(MODEM + context.getUniqueId(), Running.class);
        if (r != null) {
            r.close();
            current = null;
        }
    }

    private void start(ExtensionContext context, boolean perClass) {
        VirtualL610.Builder b = VirtualL610.builder();
        settings.forEach(s -> s.accept(b));
        Running r = new Running(b.start(), perClass);
        context.getStore(NS).put(MODEM + context.getUniqueId(), r);
        current = r;
    }

    /** The modem of this context or of the nearest enclosing one. */
    private static Running find(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Running r = c.getStore(NS).get(MODEM + c.getUniqueId(), Running.class);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private static Running require(ExtensionContext context) {
        Running r = find(context);
        if (r == null) {
            throw new ExtensionConfigurationException("no virtual L610 is running for " + context.getDisplayName()
                    + " (an L610Extension on an instance field starts one per test: it cannot serve @BeforeAll methods)");
        }
        return r;
    }

    // ---- parameters ----

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> t = parameter.getParameter().getType();
        return t == VirtualL610.class || t == L610Driver.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running r = require(context);
        if (parameter.getParameter().getType() == VirtualL610.class) {
            return r.modem;
        }
        return driver(context, r);
    }

    private L610Driver driver(ExtensionContext context, Running r) {
        // the same driver for every parameter of one test (the line takes one host at a time)
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Drivers d = c.getStore(NS).get(driversKey(c), Drivers.class);
            if (d != null) {
                for (L610Driver open : d.list) {
                    if (open.isOpen()) {
                        return open;
                    }
                }
            }
        }
        InetSocketAddress at = r.modem.atAddress();
        if (at == null) {
            throw new ParameterResolutionException("an L610Driver needs the modem's TCP line; the extension was built with listen(null)");
        }
        L610Driver driver;
        try {
            driver = L610Driver.open(Links.tcp(at), driverOptions);
        } catch (IOException e) {
            throw new ParameterResolutionException("cannot connect a driver to the modem's TCP line " + at + ": " + e.getMessage(), e);
        }
        context.getStore(NS).getOrComputeIfAbsent(driversKey(context), k -> new Drivers(), Drivers.class).list.add(driver);
        return driver;
    }

    private static String driversKey(ExtensionContext c) {
        return "drivers" + c.getUniqueId();
    }

    private static void closeDrivers(ExtensionContext context) {
        Drivers d = context.getStore(NS).remove(driversKey(context), Drivers.class);
        if (d != null) {
            d.close();
        }
    }

    // ---- failures ----

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attachTranscript(context, throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attachTranscript(context, throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attachTranscript(context, throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attachTranscript(context, throwable);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attachTranscript(context, throwable);
    }

    private Throwable attachTranscript(ExtensionContext context, Throwable throwable) {
        Running r = find(context);
        if (r == null || isAbort(throwable)) {
            return throwable;
        }
        String tail;
        try {
            tail = tail(r.modem, tailChars);
        } catch (RuntimeException e) {
            return throwable; // never hide the test's own failure
        }
        for (Throwable s : throwable.getSuppressed()) {
            if (s instanceof L610Transcript) {
                return throwable; // already attached (a nested class's extension)
            }
        }
        throwable.addSuppressed(new L610Transcript(r.modem.atAddress(), tail));
        try {
            context.publishReportEntry("l610.transcript", tail.isEmpty() ? "(empty)" : tail);
        } catch (RuntimeException ignored) {
            // report entries are a courtesy
        }
        return throwable;
    }

    /** A skipped test (failed assumption) is no failure. */
    private static boolean isAbort(Throwable t) {
        return t.getClass().getName().equals("org.opentest4j.TestAbortedException");
    }

    // ---- state ----

    private static final class Running implements AutoCloseable {
        final VirtualL610 modem;
        final boolean perClass;
        private boolean closed;

        Running(VirtualL610 modem, boolean perClass) {
            this.modem = modem;
            this.perClass = perClass;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                modem.close();
            }
        }
    }

    private static final class Drivers implements AutoCloseable {
        final List<L610Driver> list = new ArrayList<>();

        @Override
        public synchronized void close() {
            list.forEach(L610Driver::close);
            list.clear();
        }
    }

    /**
     * What to start: every setting goes to {@link VirtualL610#builder()} as it is, and is applied again
     * for each modem the extension starts (one per test on an instance field).
     */
    public static final class Builder {
        private final List<Consumer<VirtualL610.Builder>> settings = new ArrayList<>();
        private int tailChars = DEFAULT_TRANSCRIPT_TAIL_CHARS;
        private DriverOptions driverOptions = DriverOptions.defaults();

        private Builder() {
        }

        /** Any setting of {@link VirtualL610.Builder}, e.g. {@code b -> b.predefinedTopics(...)}. */
        public Builder with(Consumer<VirtualL610.Builder> setting) {
            settings.add(Objects.requireNonNull(setting, "setting"));
            return this;
        }

        /** The modem's identity and behaviour ({@code ModemConfig.defaults().with...}). */
        public Builder config(ModemConfig config) { return with(b -> b.config(config)); }

        /** The TCP line's address (port 0: a free one; the default is 127.0.0.1:0); null for none (no driver then). */
        public Builder listen(InetSocketAddress address) { return with(b -> b.listen(address)); }

        /** Embedded broker port on 127.0.0.1 (0, the default: a free one). */
        public Builder brokerPort(int port) { return with(b -> b.brokerPort(port)); }

        /** No embedded broker (the modem connects to brokers you name; the gateway needs {@link #gatewayBroker}). */
        public Builder noBroker() { return with(VirtualL610.Builder::noBroker); }

        /** MQTT-SN gateway UDP port on 127.0.0.1 (0, the default: a free one). */
        public Builder gatewayPort(int port) { return with(b -> b.gatewayPort(port)); }

        /** No MQTT-SN gateway. */
        public Builder noGateway() { return with(VirtualL610.Builder::noGateway); }

        /** The broker the gateway bridges to (default: the embedded one). */
        public Builder gatewayBroker(InetSocketAddress broker) { return with(b -> b.gatewayBroker(broker)); }

        /** The control API (HTTP) on this loopback address (port 0: a free one); none by default. */
        public Builder control(InetSocketAddress address) { return with(b -> b.control(address)); }

        /** A pseudo-terminal line too: a symlink at {@code path} that programs open like a serial port. */
        public Builder pty(Path path) { return with(b -> b.pty(path)); }

        /** The transcript also goes to a file ({@code mask}: passwords as {@code ***}). */
        public Builder transcript(Path file, boolean mask) { return with(b -> b.transcript(file, mask)); }

        /** How many characters of the transcript a failure gets ({@value #DEFAULT_TRANSCRIPT_TAIL_CHARS} by default). */
        public Builder transcriptTailChars(int chars) {
            if (chars < 0) {
                throw new IllegalArgumentException("chars < 0: " + chars);
            }
            tailChars = chars;
            return this;
        }

        /** Options of the injected {@link L610Driver} (timeouts, ...). */
        public Builder driverOptions(DriverOptions options) {
            driverOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        public L610Extension build() {
            return new L610Extension(this);
        }
    }
}
