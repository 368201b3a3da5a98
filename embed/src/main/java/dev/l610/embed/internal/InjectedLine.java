package dev.l610.embed.internal;

import java.nio.charset.StandardCharsets;

/**
 * The line of {@code POST /line/urc}: the request body (one trailing line end dropped) or {@code ?line=},
 * not both. It is written to the host as a URC ({@code \r\n<line>\r\n}), so it must be one line of at most
 * {@value #MAX_CHARS} characters without control characters, each one byte on the line (ISO-8859-1).
 * {@code POST /line/raw} takes the body's bytes as they are ({@link #raw}).
 */
public final class InjectedLine {

    public static final int MAX_CHARS = 1024;
    public static final String PATH = "/line/urc";
    /** {@code POST /line/raw}: the body's bytes to the host as they are (at most {@value #MAX_RAW}). */
    public static final String RAW_PATH = "/line/raw";
    public static final int MAX_RAW = 4096;

    private InjectedLine() {
    }

    /** The line, or an {@link IllegalArgumentException} with the reason. */
    public static String parse(Query query, io.netty.buffer.ByteBuf body) {
        query.only(PATH, "line");
        boolean hasBody = body != null && body.isReadable();
        if (query.has("line") && hasBody) {
            throw new IllegalArgumentException("give the line as the body or as ?line=, not both");
        }
        String line;
        if (query.has("line")) {
            line = query.text("line", "");
        } else if (hasBody) {
            line = body.toString(StandardCharsets.UTF_8);
            if (line.endsWith("\r\n")) {
                line = line.substring(0, line.length() - 2);
            } else if (line.endsWith("\n")) {
                line = line.substring(0, line.length() - 1);
            }
        } else {
            throw new IllegalArgumentException("no line: give it as the body or as ?line=");
        }
        return check(line);
    }

    /** The bytes of {@code POST /line/raw}: the whole body, 1 to {@value #MAX_RAW} bytes; no query parameters. */
    public static byte[] raw(Query query, io.netty.buffer.ByteBuf body) {
        query.only(RAW_PATH);
        if (body == null || !body.isReadable()) {
            throw new IllegalArgumentException("no bytes: the body is written to the host as it is");
        }
        if (body.readableBytes() > MAX_RAW) {
            throw new IllegalArgumentException("the body is " + body.readableBytes() + " bytes, at most " + MAX_RAW);
        }
        byte[] b = new byte[body.readableBytes()];
        body.getBytes(body.readerIndex(), b);
        return b;
    }

    static String check(String line) {
        if (line.isEmpty()) {
            throw new IllegalArgumentException("the line is empty");
        }
        if (line.length() > MAX_CHARS) {
            throw new IllegalArgumentException("the line is " + line.length() + " characters long, at most " + MAX_CHARS);
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw new IllegalArgumentException(String.format("control character \\x%02x at %d: the line is sent as one URC "
                        + "line (CR LF are added)", (int) c, i));
            }
            if (c > 0xff) {
                throw new IllegalArgumentException(String.format("character U+%04X at %d is not one byte on the line "
                        + "(ISO-8859-1)", (int) c, i));
            }
        }
        return line;
    }
}
