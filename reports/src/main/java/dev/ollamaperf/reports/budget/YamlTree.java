package dev.ollamaperf.reports.budget;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers the line of every node, read with Jackson's streaming YAML
 * parser. Jackson's own tree ({@code JsonNode}) forgets locations, and a budget error must name its line.
 */
final class YamlTree {

    /** A node and the 1-based line where it starts. */
    sealed interface Node permits Scalar, Mapping, Sequence {
        int line();
    }

    /** A scalar; {@code text} is {@code null} for YAML null. */
    record Scalar(String text, int line) implements Node {}

    /** A mapping; entries keep the file's order; {@code keyLines} gives the line of each key. */
    record Mapping(Map<String, Node> entries, Map<String, Integer> keyLines, int line) implements Node {}

    /** A sequence. */
    record Sequence(List<Node> items, int line) implements Node {}

    private final Path file;

    YamlTree(Path file) {
        this.file = file;
    }

    /** Parses one document; an empty document is an empty mapping. */
    Node parse(Reader reader) {
        try (JsonParser parser = new YAMLFactory().createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Mapping(Map.of(), Map.of(), 1);
            }
            return node(parser);
        } catch (IOException e) {
            int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
                    ? p.getLocation().getLineNr()
                    : 0;
            throw new BudgetException(file, line, "not valid YAML: " + firstLine(e.getMessage()), e);
        }
    }

    private Node node(JsonParser parser) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, Integer> keyLines = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    if (entries.containsKey(key)) {
                        throw new BudgetException(
                                file,
                                keyLine,
                                "key '" + key + "' appears twice in one mapping (first at line " + keyLines.get(key)
                                        + ")");
                    }
                    parser.nextToken();
                    entries.put(key, node(parser));
                    keyLines.put(key, keyLine);
                }
                return new Mapping(entries, keyLines, line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(parser));
                }
                return new Sequence(items, line);
            }
            case VALUE_NULL -> {
                return new Scalar(null, line);
            }
            default -> {
                return new Scalar(parser.getText(), line);
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
