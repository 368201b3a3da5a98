package com.example.firmware;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every io.netty jar on the test classpath has the version l610-bom pins (HiveMQ and Moquette bring others). */
class OneNettyTest {

    @Test
    void oneNettyVersion() {
        Pattern netty = Pattern.compile("[/\\\\]io[/\\\\]netty[/\\\\]([^/\\\\]+)[/\\\\]([^/\\\\]+)[/\\\\][^/\\\\]+\\.jar$");
        Map<String, String> versions = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Matcher m = netty.matcher(entry);
            if (m.find()) {
                versions.put(m.group(1), m.group(2));
            }
        }
        assertFalse(versions.isEmpty(), "no Netty jar on the classpath: " + System.getProperty("java.class.path"));
        String expected = System.getProperty("expected.netty.version");
        versions.forEach((artifact, version) -> assertEquals(expected, version, "io.netty:" + artifact));
    }
}
