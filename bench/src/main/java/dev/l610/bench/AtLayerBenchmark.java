package dev.l610.bench;

import dev.l610.at.AtFramer;
import dev.l610.at.AtSettings;
import dev.l610.at.CommandLineParser;
import dev.l610.at.FrameEvent;
import dev.l610.at.ParsedLine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The pure AT layer: bytes to lines (framer) and lines to commands (parser), per command line. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AtLayerBenchmark {

    private final AtSettings settings = new AtSettings();
    private final AtFramer framer = new AtFramer();
    private final byte[] publishLine = "AT+MQTTPUB=1,\"sensors/room-12/temperature\",1,0,\"{\\\"t\\\":21.5,\\\"h\\\":40}\"\r"
            .getBytes(StandardCharsets.ISO_8859_1);
    private final byte[] shortLine = "AT+CSQ\r".getBytes(StandardCharsets.ISO_8859_1);
    private final String publishBody = "+MQTTPUB=1,\"sensors/room-12/temperature\",1,0,\"{\\\"t\\\":21.5}\";+CSQ";

    @Benchmark
    public void frameShortLine(Blackhole bh) {
        frame(shortLine, bh);
    }

    @Benchmark
    public void framePublishLine(Blackhole bh) {
        frame(publishLine, bh);
    }

    @Benchmark
    public ParsedLine parsePublishLine() {
        return CommandLineParser.parse(publishBody);
    }

    private void frame(byte[] line, Blackhole bh) {
        for (byte b : line) {
            if (framer.feed(b, settings) == FrameEvent.LINE) {
                bh.consume(framer.line());
            }
        }
    }
}
