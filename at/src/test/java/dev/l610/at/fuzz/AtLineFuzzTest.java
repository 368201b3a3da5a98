package dev.l610.at.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.l610.at.AtFramer;
import dev.l610.at.AtLimits;
import dev.l610.at.AtSettings;
import dev.l610.at.CommandLineParser;
import dev.l610.at.FrameEvent;
import dev.l610.at.ParsedLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AtFramer + CommandLineParser fed arbitrary bytes (a regression run over the committed inputs in every
 * build; fuzzing with -Pfuzz). Invariants: no exception escapes the framer or the parser; every line
 * is within the line limit; a line with a syntax error is not complete; the framer completes at most
 * one line (or over-long line) per S3 byte.
 */
class AtLineFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void framerAndParser(byte[] input) {
        AtSettings settings = new AtSettings();
        AtFramer framer = new AtFramer();
        int terminators = 0;
        int events = 0;
        for (byte b : input) {
            if ((b & 0xff) == settings.s3()) {
                terminators++;
            }
            FrameEvent e = framer.feed(b, settings);
            if (e == FrameEvent.LINE) {
                events++;
                String line = framer.line();
                assertThat(line.length()).isLessThanOrEqualTo(AtLimits.DEFAULT_MAX_LINE);
                ParsedLine p = CommandLineParser.parse(line);
                assertThat(p.complete()).isEqualTo(p.syntaxError() == null);
            } else if (e == FrameEvent.OVERLONG) {
                events++;
            }
        }
        assertThat(events).isLessThanOrEqualTo(terminators);
    }
}
