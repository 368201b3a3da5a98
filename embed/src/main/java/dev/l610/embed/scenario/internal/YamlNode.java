package dev.l610.embed.scenario.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.l610.embed.scenario.ScenarioException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as maps, lists and scalars, each with the line it starts on, so an error in a
 * scenario file can name its line. Read with Jackson's YAML parser; anchors and tags are not needed.
 */
public final class YamlNode {

    /** Bounds a hostile file: nesting and size. */
    private static final int MAX_DEPTH = 32;
    private static final int MAX_NODES = 100_000;

    private final int line;
    private final Map<String, YamlNode> map;
    private final List<YamlNode> list;
    private final String scalar;
    private final Map<String, Integer> keyLines;

    private YamlNode(int line, Map<String, YamlNode> map, Map<String, Integer> keyLines, List<YamlNode> list, String scalar) {
        this.line = line;
        this.map = map;
        this.keyLines = keyLines;
        this.list = list;
        this.scalar = scalar;
    }

    private static final YAMLFactory FACTORY = new YAMLFactory();

    /** Parses one YAML document. */
    public static YamlNode parse(String text, String source) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new ScenarioException(source, 1, "the file is empty");
            }
            int[] count = {0};
            return read(p, source, 0, count);
        } catch (StreamReadException e) {
            int l = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ScenarioException(source, l, "not valid YAML: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ScenarioException(source, 0, "cannot read: " + e.getMessage());
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    private static YamlNode read(JsonParser p, String source, int depth, int[] count) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        if (depth > MAX_DEPTH || ++count[0] > MAX_NODES) {
            throw new ScenarioException(source, line, "the file is nested too deeply or is too large");
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode> m = new LinkedHashMap<>();
                Map<String, Integer> lines = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    p.nextToken();
                    YamlNode v = read(p, source, depth + 1, count);
                    if (m.put(key, v) != null) {
                        throw new ScenarioException(source, keyLine, "'" + key + "' is given twice");
                    }
                    lines.put(key, keyLine);
                }
                return new YamlNode(line, m, lines, null, null);
            }
            case START_ARRAY -> {
                List<YamlNode> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(read(p, source, depth + 1, count));
                }
                return new YamlNode(line, null, null, l, null);
            }
            case VALUE_NULL -> {
                return new YamlNode(line, null, null, null, null);
            }
            default -> {
                return new YamlNode(line, null, null, null, p.getText());
            }
        }
    }

    public int line() {
        return line;
    }

    public boolean isMap() {
        return map != null;
    }

    public boolean isList() {
        return list != null;
    }

    public boolean isScalar() {
        return scalar != null;
    }

    public boolean isNull() {
        return map == null && list == null && scalar == null;
    }

    public Map<String, YamlNode> map() {
        return map;
    }

    public List<YamlNode> list() {
        return list;
    }

    public String scalar() {
        return scalar;
    }

    /** The line of {@code key} in this map. */
    public int lineOf(String key) {
        Integer l = keyLines == null ? null : keyLines.get(key);
        return l == null ? line : l;
    }
}
