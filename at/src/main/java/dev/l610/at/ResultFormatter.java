package dev.l610.at;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes information responses, final results and URCs as bytes (V.250 §5.7, docs/at-reference.md §1), reading
 * the settings at the moment of use.
 *
 * <p>Verbose (ATV1): an information response is {@code \r\n<line1>\r\n<line2>\r\n}, a final result
 * {@code \r\nOK\r\n}, a URC {@code \r\n<line>\r\n}. Numeric (ATV0): information and URC lines are
 * {@code <line>\r\n}, {@code OK} is {@code 0\r}, {@code ERROR} is {@code 4\r}, and {@code +CME ERROR}
 * stays text, {@code +CME ERROR: <n>\r\n}. ATQ1 suppresses final results.
 * Lines are written as ISO-8859-1, so every char below 256 is one byte.
 */
public final class ResultFormatter {

    private final AtSettings settings;

    public ResultFormatter(AtSettings settings) {
        this.settings = settings;
    }

    public void information(List<String> lines, ByteArrayOutputStream out) {
        if (lines.isEmpty()) {
            return;
        }
        if (settings.verbose()) {
            crlf(out);
        }
        for (String line : lines) {
            text(line, out);
            crlf(out);
        }
    }

    public void urc(String line, ByteArrayOutputStream out) {
        if (settings.verbose()) {
            crlf(out);
        }
        text(line, out);
        crlf(out);
    }

    public void finalResult(FinalResult result, ByteArrayOutputStream out) {
        if (settings.quiet()) {
            return;
        }
        CmeError cme = result.cmeError();
        if (cme != null && settings.cmee() != 0) {
            String text = "+CME ERROR: " + (settings.cmee() == 2 ? cme.text() : Integer.toString(cme.code()));
            if (settings.verbose()) {
                crlf(out);
            }
            text(text, out);
            crlf(out);
            return;
        }
        boolean ok = result.isOk();
        if (settings.verbose()) {
            crlf(out);
            text(ok ? "OK" : "ERROR", out);
            crlf(out);
        } else {
            text(ok ? "0" : "4", out);
            out.write(settings.s3());
        }
    }

    /** A {@code +CME ERROR} line sent as a URC (docs/at-reference.md §3: a refused CONNACK), shaped by +CMEE. */
    public String cmeUrcText(CmeError cme) {
        switch (settings.cmee()) {
            case 0:
                return "ERROR";
            case 2:
                return "+CME ERROR: " + cme.text();
            default:
                return "+CME ERROR: " + cme.code();
        }
    }

    /** The data-mode prompt of +MQTTPUB / +MQTTWILL (docs/at-reference.md §3): {@code \r\n>\r\n}. */
    public void prompt(ByteArrayOutputStream out) {
        crlf(out);
        out.write('>');
        crlf(out);
    }

    private void crlf(ByteArrayOutputStream out) {
        out.write(settings.s3());
        out.write(settings.s4());
    }

    private static void text(String s, ByteArrayOutputStream out) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        out.write(b, 0, b.length);
    }
}
