package dev.l610.mqttsn.testutil;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The frames of {@code mqttsn-1.2.txt} (encoded by Eclipse Paho MQTTSNPacket), read from the test
 * classpath. One frame a line: a description, white space, the frame as hex (the last word). The last line
 * describes a 308-octet PUBLISH by its first 8 octets instead; {@link #all()} rebuilds it whole.
 */
public final class Vectors {

    /** One frame: its description as written in the file, and its octets. */
    public record Vector(String description, byte[] frame) {
        @Override
        public String toString() {
            return description;
        }
    }

    private static final Pattern LINE = Pattern.compile("^(.*\\S)\\s+([0-9a-fA-F]{4,})$");
    private static final Pattern LONG = Pattern.compile("total (\\d+) bytes, first 8 bytes = ([0-9a-fA-F]{16})");
    /** The long PUBLISH's description in the file: payload 299 x "A". */
    public static final String LONG_PUBLISH_PREFIX = "PUBLISH qos0 normal id=5 msgid=0, payload 299 x \"A\"";

    private Vectors() {
    }

    public static List<Vector> all() {
        List<Vector> out = new ArrayList<>();
        try (InputStream in = Vectors.class.getResourceAsStream("/mqttsn-1.2.txt")) {
            if (in == null) {
                throw new IllegalStateException("mqttsn-1.2.txt is not on the test classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Matcher m = LINE.matcher(line);
                Matcher l = LONG.matcher(line);
                if (l.find()) {
                    out.add(new Vector(line, longPublish(Integer.parseInt(l.group(1)), Hex.bytes(l.group(2)))));
                } else if (m.matches()) {
                    out.add(new Vector(m.group(1).strip(), Hex.bytes(m.group(2))));
                } else {
                    throw new IllegalStateException("cannot parse vector line: " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static Vector named(String description) {
        return all().stream().filter(v -> v.description().equals(description)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no vector " + description));
    }

    /** First 8 octets as given, then the low MsgId octet (0x00), then 'A' up to the total. */
    private static byte[] longPublish(int total, byte[] first8) {
        byte[] frame = new byte[total];
        System.arraycopy(first8, 0, frame, 0, 8);
        frame[8] = 0x00;
        Arrays.fill(frame, 9, total, (byte) 'A');
        return frame;
    }
}
