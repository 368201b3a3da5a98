package dev.l610.modem;

import dev.l610.at.AtCommand;
import dev.l610.at.AtFramer;
import dev.l610.at.AtSettings;
import dev.l610.at.CmeError;
import dev.l610.at.CommandLineParser;
import dev.l610.at.FinalResult;
import dev.l610.at.ParsedLine;
import dev.l610.at.ResultFormatter;
import dev.l610.modem.command.CommandContext;
import dev.l610.modem.command.CommandRegistry;
import dev.l610.modem.command.ErrorStyle;
import dev.l610.modem.command.Outcome;
import dev.l610.modem.command.ParamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The V.250 command processor of one modem: bytes in, bytes out. Owns framing, echo, the {@code ;}
 * loop with one final result, the {@code >} data mode, and the URC queue that holds unsolicited lines
 * while a command line or a data block is in progress (docs/at-reference.md §1). Every method runs on the
 * modem's serial executor.
 */
final class AtEngine implements CommandContext {

    private static final Logger LOG = LoggerFactory.getLogger(AtEngine.class);
    /** URCs kept while a line is in progress or no host is attached; past this the oldest is dropped and counted. */
    static final int MAX_QUEUED_URCS = 4096;

    private final AtSettings settings = new AtSettings();
    private final ResultFormatter formatter = new ResultFormatter(settings);
    private final AtFramer framer;
    private final CommandRegistry registry;
    private final io.netty.channel.EventLoop serial;
    private boolean flushPending;
    private final long dataTimeoutNanos;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private final ArrayDeque<String> urcs = new ArrayDeque<>();
    private final List<LineTap> taps = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicLong urcsDropped = new AtomicLong();
    final AtomicLong commandsRun = new AtomicLong();

    private LineSink sink;
    /** A scenario's hold on the answers, or null. */
    private AnswerHook hook;
    private String lastLine = "";
    private boolean busy;
    private ArrayDeque<AtCommand> remaining = new ArrayDeque<>();
    private boolean lineHasSyntaxError;
    /** False while the modem is off or booting: host bytes are lost, nothing is echoed, URCs are not made. */
    private boolean powered = true;
    /** Counts deferred answers ({@link Outcome.Later}); a reset makes a pending one stale. */
    private long lineGeneration;

    // data mode
    private boolean dataMode;
    private byte[] dataBuf;
    private int dataLen;
    private long lastDataNanos;
    private Outcome.DataCompletion completion;
    private ErrorStyle dataStyle;
    private long dataGeneration;

    AtEngine(CommandRegistry registry, io.netty.channel.EventLoop serial, int maxLine, Duration dataTimeout) {
        this.registry = registry;
        this.serial = serial;
        this.framer = new AtFramer(maxLine);
        this.dataTimeoutNanos = dataTimeout.toNanos();
    }

    @Override
    public AtSettings settings() {
        return settings;
    }

    @Override
    public String cmeUrcText(CmeError error) {
        return formatter.cmeUrcText(error);
    }

    void answerHook(AnswerHook h) {
        hook = h;
    }

    /**
     * Bytes written to the host as they are, now, whatever the line is doing (line noise, a stray
     * fragment): shown to the taps; lost when no host is attached.
     */
    void raw(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        flush();
    }

    void addTap(LineTap tap) {
        taps.add(tap);
    }

    void removeTap(LineTap tap) {
        taps.remove(tap);
    }

    /** Attaches the host end of the line (null detaches); queued URCs are written at once. */
    void attach(LineSink newSink) {
        flush(); // what the old host was already sent (a URC waiting for the end of the loop turn)
        this.sink = newSink;
        if (newSink != null && !busy) {
            flushUrcs();
            flush();
        }
    }

    /**
     * Power off (a reset, or before boot): the line in progress, a data block, queued URCs and every V.250
     * setting are gone; until {@link #powerOn()} host bytes are lost and nothing is written.
     */
    void powerOff() {
        flush();
        powered = false;
        settings.reset();
        framer.reset();
        remaining.clear();
        busy = false;
        lineHasSyntaxError = false;
        dataMode = false;
        dataGeneration++;
        lineGeneration++;
        dataBuf = null;
        completion = null;
        urcs.clear();
        lastLine = "";
    }

    /** Booted: the line takes commands again. */
    void powerOn() {
        powered = true;
    }

    boolean powered() {
        return powered;
    }

    /** Bytes from the host. */
    void input(byte[] data, int off, int len) {
        for (LineTap t : taps) {
            t.fromHost(data, off, len);
        }
        if (!powered) {
            LOG.debug("{} host bytes lost: the modem is booting", len);
            return;
        }
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte b = data[i];
            if (dataMode) {
                dataBuf[dataLen++] = b;
                lastDataNanos = System.nanoTime();
                if (dataLen == dataBuf.length) {
                    endDataMode();
                }
                continue;
            }
            if (settings.echo()) {
                out.write(b);
            }
            switch (framer.feed(b, settings)) {
                case LINE -> runLine(framer.line());
                case REPEAT -> runLine(lastLine);
                case OVERLONG -> {
                    LOG.debug("command line longer than the limit: answered ERROR");
                    formatter.finalResult(FinalResult.ERROR, out);
                }
                default -> { }
            }
            if (dataMode && i + 1 < end && data[i + 1] == '\n') {
                // a CR LF host: the LF that came with the CR of a command opening a '>' data block ends that
                // line; the data block is what arrives after it (an LF sent after the prompt is data)
                i++;
            }
        }
        flush();
    }

    /** An unsolicited line: written now when the line is idle, else queued until the final result. */
    @Override
    public void urc(String line) {
        if (!powered) {
            LOG.debug("no URC while powered off: {}", line);
            return;
        }
        if (busy || sink == null) {
            if (urcs.size() == MAX_QUEUED_URCS) {
                urcs.poll();
                urcsDropped.incrementAndGet();
            }
            urcs.add(line);
            return;
        }
        writeUrc(line);
        flushAtEndOfTurn();
    }

    /**
     * URCs that come in one turn of the modem's loop (the outcomes of a batch of publishes, say) go to
     * the host in one write: the flush runs as the next task, after whatever this turn still does.
     */
    private void flushAtEndOfTurn() {
        if (!flushPending) {
            flushPending = true;
            serial.execute(() -> {
                flushPending = false;
                flush();
            });
        }
    }

    private void runLine(String body) {
        lastLine = body;
        AnswerHook h = hook;
        AnswerHook.Scripted scripted = null;
        if (h != null) {
            try {
                scripted = h.beforeLine("AT" + body);
            } catch (RuntimeException e) {
                LOG.warn("answer hook failed", e);
            }
        }
        if (scripted == null) {
            runParsed(body);
            return;
        }
        busy = true;
        AnswerHook.Scripted s = scripted;
        if (s.delay().isZero()) {
            runScripted(body, s);
            return;
        }
        long line = ++lineGeneration;
        serial.schedule(() -> {
            if (line != lineGeneration || !powered) {
                return; // the modem was reset meanwhile
            }
            runScripted(body, s);
            flush();
        }, s.delay().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A line the hook took: run it now (after its delay), or write the scripted answer instead. */
    private void runScripted(String body, AnswerHook.Scripted s) {
        if (s.result() == null) {
            runParsed(body);
            return;
        }
        remaining.clear();
        if (answer(new Outcome.Done(s.lines(), s.result()), ErrorStyle.CME)) {
            finish(FinalResult.OK);
        }
    }

    private void runParsed(String body) {
        ParsedLine parsed = CommandLineParser.parse(body);
        if (!parsed.complete()) {
            LOG.debug("syntax error in \"AT{}\": {}", body, parsed.syntaxError());
        }
        remaining = new ArrayDeque<>(parsed.commands());
        lineHasSyntaxError = !parsed.complete();
        busy = true;
        continueLine();
    }

    private void continueLine() {
        while (!remaining.isEmpty()) {
            AtCommand c = remaining.poll();
            commandsRun.incrementAndGet();
            CommandRegistry.Entry entry = registry.lookup(c.name());
            if (entry == null) {
                finish(FinalResult.ERROR);
                return;
            }
            Outcome o = run(entry.style(), () -> entry.handler().handle(c, this));
            if (o instanceof Outcome.NeedData need) {
                enterDataMode(need, entry.style());
                return;
            }
            if (o instanceof Outcome.Later later) {
                long line = ++lineGeneration;
                later.answer().whenCompleteAsync((done, error) -> {
                    if (line != lineGeneration || !powered) {
                        return; // the modem was reset meanwhile
                    }
                    Outcome.Done d = error != null ? (Outcome.Done) Outcome.cme(CmeError.UNKNOWN) : done;
                    if (answer(d, entry.style())) {
                        continueLine();
                    }
                    flush();
                }, serial);
                return;
            }
            if (!answer((Outcome.Done) o, entry.style())) {
                return;
            }
        }
        finish(lineHasSyntaxError ? FinalResult.ERROR : FinalResult.OK);
    }

    /** Writes a command's information lines; on failure ends the line and returns false. */
    private boolean answer(Outcome.Done done, ErrorStyle style) {
        List<String> lines = done.lines();
        AnswerHook h = hook;
        if (h != null) {
            try {
                lines = h.information(lines);
            } catch (RuntimeException e) {
                LOG.warn("answer hook failed", e);
            }
        }
        formatter.information(lines, out);
        if (done.result().isOk()) {
            return true;
        }
        finish(style == ErrorStyle.PLAIN ? done.result().plain() : done.result());
        return false;
    }

    private Outcome run(ErrorStyle style, java.util.function.Supplier<Outcome> call) {
        try {
            return call.get();
        } catch (ParamException | IllegalArgumentException e) {
            // IllegalArgumentException: a library refused a value we passed on (e.g. a malformed topic filter)
            LOG.debug("incorrect parameters: {}", e.getMessage());
            return Outcome.cme(CmeError.INCORRECT_PARAMETERS);
        } catch (RuntimeException e) {
            LOG.warn("command handler failed", e);
            return Outcome.cme(CmeError.UNKNOWN);
        }
    }

    private void finish(FinalResult result) {
        formatter.finalResult(result, out);
        remaining.clear();
        busy = false;
        flushUrcs();
    }

    private void enterDataMode(Outcome.NeedData need, ErrorStyle style) {
        formatter.prompt(out);
        dataMode = true;
        dataBuf = new byte[need.size()];
        dataLen = 0;
        completion = need.completion();
        dataStyle = style;
        lastDataNanos = System.nanoTime();
        scheduleDataTimer(++dataGeneration, dataTimeoutNanos);
    }

    private void scheduleDataTimer(long generation, long delayNanos) {
        serial.schedule(() -> onDataTimer(generation), delayNanos, TimeUnit.NANOSECONDS); // runs on the modem's loop
    }

    /** docs/at-reference.md §3: no byte within the timeout of the prompt -> ERROR; some bytes then silence -> use them. */
    private void onDataTimer(long generation) {
        if (!dataMode || generation != dataGeneration) {
            return;
        }
        long idle = System.nanoTime() - lastDataNanos;
        if (idle < dataTimeoutNanos) {
            scheduleDataTimer(generation, dataTimeoutNanos - idle);
            return;
        }
        if (dataLen == 0) {
            dataMode = false;
            dataGeneration++;
            dataBuf = null;
            finish(FinalResult.ERROR);
            flush();
            return;
        }
        endDataMode();
        flush();
    }

    private void endDataMode() {
        byte[] data = dataLen == dataBuf.length ? dataBuf : Arrays.copyOf(dataBuf, dataLen);
        dataMode = false;
        dataGeneration++;
        dataBuf = null;
        Outcome.DataCompletion c = completion;
        completion = null;
        Outcome o = run(dataStyle, () -> c.complete(data));
        if (!(o instanceof Outcome.Done)) {
            throw new IllegalStateException("a data completion answers at once");
        }
        if (answer((Outcome.Done) o, dataStyle)) {
            continueLine();
        }
    }

    private void flushUrcs() {
        if (sink == null) {
            return;
        }
        String u;
        while ((u = urcs.poll()) != null) {
            writeUrc(u);
        }
    }

    private void writeUrc(String line) {
        formatter.urc(line, out);
        for (LineTap t : taps) {
            t.urc(line);
        }
    }

    /** Forgets a half-typed line (a new host connected). */
    void resetFraming() {
        framer.reset();
    }

    private void flush() {
        if (out.size() == 0) {
            return;
        }
        byte[] bytes = out.toByteArray();
        out.reset();
        for (LineTap t : taps) {
            t.toHost(bytes);
        }
        LineSink s = sink;
        if (s != null) {
            try {
                s.write(bytes);
            } catch (RuntimeException e) {
                LOG.debug("host line write failed", e);
            }
        }
    }
}
