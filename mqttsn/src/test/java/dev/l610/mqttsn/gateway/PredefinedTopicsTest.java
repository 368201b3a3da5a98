package dev.l610.mqttsn.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PredefinedTopicsTest {

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        Path f = dir.resolve("topics.txt");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void loads_ids_and_names_skipping_comments_and_blank_lines() throws IOException {
        PredefinedTopics t = PredefinedTopics.load(file("""
                # predefined topics
                1 sensors/temp

                  # indented comment
                42\tdevices/L610 #1/cmd \s
                65535 last
                """));
        assertThat(t.asMap()).containsExactly(Map.entry(1, "sensors/temp"), Map.entry(42, "devices/L610 #1/cmd"),
                Map.entry(65535, "last"));
        assertThat(t.id("last")).isEqualTo(65535);
        assertThat(t.name(2)).isNull();
    }

    @Test
    void reports_the_line_of_a_bad_entry() throws IOException {
        assertThatThrownBy(() -> PredefinedTopics.load(file("1 a\nx b\n"))).isInstanceOf(IOException.class)
                .hasMessageEndingWith(":2: topic id 'x' is not a number");
        assertThatThrownBy(() -> PredefinedTopics.load(file("0 a\n"))).hasMessageEndingWith(":1: predefined topic id must be 1..65535, was 0");
        assertThatThrownBy(() -> PredefinedTopics.load(file("1 a\n1 b\n"))).hasMessageEndingWith(":2: topic id 1 given twice");
        assertThatThrownBy(() -> PredefinedTopics.load(file("1 a\n2 a\n"))).hasMessageEndingWith(":2: topic name 'a' given for ids 1 and 2");
        assertThatThrownBy(() -> PredefinedTopics.load(file("7\n"))).hasMessageEndingWith(":1: expected '<id> <topic name>', got '7'");
    }

    @Test
    void of_checks_the_same_rules() {
        assertThat(PredefinedTopics.of(Map.of(5, "x")).name(5)).isEqualTo("x");
        assertThatThrownBy(() -> PredefinedTopics.of(Map.of(70000, "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PredefinedTopics.of(Map.of(1, ""))).isInstanceOf(IllegalArgumentException.class);
    }
}
