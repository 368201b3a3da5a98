package dev.l610.at;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AtFramerTest {

    private final AtSettings settings = new AtSettings();

    /** Feeds bytes one at a time and records "LINE:<body>", "REPEAT", "OVERLONG". */
    private List<String> feed(AtFramer f, String input) {
        List<String> events = new ArrayList<>();
        for (byte b : input.getBytes(StandardCharsets.ISO_8859_1)) {
            switch (f.feed(b, settings)) {
                case LINE -> events.add("LINE:" + f.line());
                case REPEAT -> events.add("REPEAT");
                case OVERLONG -> events.add("OVERLONG");
                default -> { }
            }
        }
        return events;
    }

    @Test
    void findsLinesEndedByCrAndIgnoresLf() {
        assertThat(feed(new AtFramer(), "AT\r\nAT+CSQ\r\nat+cgsn\r"))
                .containsExactly("LINE:", "LINE:+CSQ", "LINE:+cgsn");
    }

    @Test
    void dropsNoiseBeforeAt() {
        assertThat(feed(new AtFramer(), "xx\u0000garbage\r\nZZAT+CSQ\r"))
                .containsExactly("LINE:+CSQ");
    }

    @Test
    void noiseEndingInADoesNotHideTheCommand() {
        assertThat(feed(new AtFramer(), "AAAT\r")).containsExactly("LINE:");
    }

    @Test
    void backspaceDeletesOneCharacter() {
        assertThat(feed(new AtFramer(), "AT+CSX\bQ\r")).containsExactly("LINE:+CSQ");
        // deleting back through "AT" leaves nothing to run
        assertThat(feed(new AtFramer(), "AT\b\b+CSQ\rAT\bT\r")).containsExactly("LINE:");
    }

    @Test
    void controlCharactersAreDroppedOutsideStringsAndKeptInside() {
        // kept inside quotes, so the command can reject them; a backspace still edits, also over a quote
        assertThat(feed(new AtFramer(), "AT+X\u0001=\"a\u007fb\",\"c\b\b\u0002\r"))
                .containsExactly("LINE:+X=\"a\u007fb\",");
        assertThat(feed(new AtFramer(), "AT+X=\"\u0002\"\u0003\r")).containsExactly("LINE:+X=\"\u0002\"");
    }

    @Test
    void repeatsWithASlash() {
        assertThat(feed(new AtFramer(), "A/a/")).containsExactly("REPEAT", "REPEAT");
    }

    @Test
    void lineOfExactlyTheLimitIsAccepted() {
        AtFramer f = new AtFramer(10);
        assertThat(feed(f, "AT12345678\r")).containsExactly("LINE:12345678");
    }

    @Test
    void longerLineIsDiscardedUpToItsCrAndTheNextLineWorks() {
        AtFramer f = new AtFramer(10);
        assertThat(feed(f, "AT123456789\rAT+CSQ\r")).containsExactly("OVERLONG", "LINE:+CSQ");
    }

    @Test
    void threeThousandByteLineWithDefaultLimit() {
        String longLine = "AT+MQTTPUB=1,\"" + "x".repeat(3000) + "\"\r";
        assertThat(feed(new AtFramer(), longLine + "AT\r")).containsExactly("OVERLONG", "LINE:");
    }

    @Test
    void honoursAChangedTerminator() {
        settings.s3(33); // '!'
        assertThat(feed(new AtFramer(), "AT+CSQ\rAT!")).containsExactly("LINE:+CSQAT"); // CR is now an ignored control character
    }
}
