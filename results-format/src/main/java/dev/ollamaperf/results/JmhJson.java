package dev.ollamaperf.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH's JSON result file as JMH 1.37 writes it. Unlike the harness's own files this one is read
 * leniently: JMH's fields the harness does not use are ignored, and JMH's {@code "NaN"}, {@code "+INF"},
 * {@code "-INF"} strings read as {@code NaN}.
 */
final class JmhJson {

    /** Thread-safe once configured; never reconfigured. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhJson() {}

    static List<JmhResult> read(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
            throw new FormatException(file + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new FormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new FormatException(file + ": JMH results must be a JSON array of benchmark results", null);
        }
        List<JmhResult> results = new ArrayList<>();
        for (JsonNode result : root) {
            String benchmark = text(result, "benchmark", file, "?");
            String mode = text(result, "mode", file, benchmark);
            try {
                results.add(result(result, benchmark, mode));
            } catch (IllegalArgumentException e) {
                throw new FormatException(file + ": benchmark '" + benchmark + "': " + e.getMessage(), e);
            }
        }
        return results;
    }

    private static JmhResult result(JsonNode result, String benchmark, String mode) {
        JsonNode primary = result.path("primaryMetric");
        if (primary.isMissingNode()) {
            throw new IllegalArgumentException("has no 'primaryMetric'");
        }
        Map<String, JmhScore> secondary = new LinkedHashMap<>();
        result.path("secondaryMetrics").properties().forEach(e -> secondary.put(e.getKey(), score(e.getValue())));
        return new JmhResult(benchmark, mode, params(result.path("params")), score(primary), secondary);
    }

    private static JmhScore score(JsonNode node) {
        JsonNode confidence = node.path("scoreConfidence");
        boolean pair = confidence.isArray() && confidence.size() == 2;
        long samples = 0;
        List<Double> forks = new ArrayList<>();
        for (JsonNode fork : node.path("rawData")) {
            samples += fork.size();
            double sum = 0;
            int n = 0;
            for (JsonNode value : fork) {
                if (value.isNumber()) {
                    sum += value.asDouble();
                    n++;
                }
            }
            if (n > 0) {
                forks.add(sum / n);
            }
        }
        return new JmhScore(
                number(node.path("score")),
                pair ? number(confidence.get(0)) : Double.NaN,
                pair ? number(confidence.get(1)) : Double.NaN,
                node.path("scoreUnit").asText(""),
                samples,
                forks);
    }

    private static Map<String, String> params(JsonNode params) {
        Map<String, String> values = new LinkedHashMap<>();
        params.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    /** JMH writes NaN and infinities as the strings "NaN", "+INF", "-INF". */
    private static double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.NaN;
    }

    private static String text(JsonNode node, String field, Path file, String benchmark) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new FormatException(
                    file + ": benchmark '" + benchmark + "': field '" + field + "' must be a non-blank string", null);
        }
        return value.asText();
    }
}
