package dev.l610.driver.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineFramerTest {

    private final List<String> events = new ArrayList<>();
    private boolean promptWanted;

    private final LineFramer.Sink sink = new LineFramer.Sink() {
        @Override
        public void onLine(String line) {
            events.add(line);
        }

        @Override
        public void onPrompt() {
            events.add("<PROMPT>");
        }

        @Override
        public boolean promptWanted() {
            return promptWanted;
        }
    };

    private void feed(LineFramer f, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        f.feed(b, 0, b.length);
    }

    @Test
    void everyLineEndVariantEndsALineAndBlankLinesVanish() {
        LineFramer f = new LineFramer(sink, 256);
        feed(f, "AT+CSQ\r\r\n+CSQ: 31,99\r\n\r\nOK\r\n"); // echo, CR LF framing
        feed(f, "\n+CREG: 0,1\n\nOK\n");                  // LF only
        feed(f, "\rRDY\r\rOK\r");                          // CR only
        assertThat(events).containsExactly("AT+CSQ", "+CSQ: 31,99", "OK", "+CREG: 0,1", "OK", "RDY", "OK");
    }

    @Test
    void bytesSplitAnywhereGiveTheSameLines() {
        LineFramer f = new LineFramer(sink, 256);
        String stream = "\r\n+CGSN: \"869548040012344\"\r\n\r\nOK\r\n";
        for (char c : stream.toCharArray()) {
            feed(f, String.valueOf(c));
        }
        assertThat(events).containsExactly("+CGSN: \"869548040012344\"", "OK");
    }

    @Test
    void promptIsReportedAtOnceOnlyWhenWanted() {
        LineFramer f = new LineFramer(sink, 256);
        feed(f, "\r\n>");
        assertThat(events).isEmpty(); // not wanted: just the start of a line
        feed(f, "\r\n");
        assertThat(events).containsExactly(">");
        events.clear();
        promptWanted = true;
        feed(f, "\r\n> "); // a real module's "> " without line end
        assertThat(events).containsExactly("<PROMPT>");
        promptWanted = false;
        feed(f, "\r\nOK\r\n");
        assertThat(events).containsExactly("<PROMPT>", "OK");
    }

    @Test
    void anOverlongLineIsDiscardedAndFramingResumes() {
        LineFramer f = new LineFramer(sink, 64);
        feed(f, "X".repeat(200) + "\r\nOK\r\n");
        assertThat(events).containsExactly("OK");
    }

    @Test
    void lineEndsInsideAnMqttPayloadArePayload() {
        LineFramer f = new LineFramer(sink, 256);
        feed(f, "\r\n+MQTTMSG: 1,0,\"t\",\"a\r\nOK\r\nb\"\r\n");
        feed(f, "\r\n+MQTTREAD: 1,1,3,7,\"a/b\",\"x\"\r\n,\ry\"\r\n\r\nOK\r\n");
        assertThat(events).containsExactly("+MQTTMSG: 1,0,\"t\",\"a\r\nOK\r\nb\"",
                "+MQTTREAD: 1,1,3,7,\"a/b\",\"x\"\r\n,\ry\"", "OK");
    }
}
