package dev.ollamaperf.reports.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.EncodedHistogram;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import dev.ollamaperf.results.FormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a {@code results.json} written by {@code ReportFormat.JSON} back into the {@link RunResult} it was
 * rendered from (metrics with intervals and histograms, environment, status), so a previous run's
 * report can serve as the baseline ({@code perf gate --baseline <results.json>}) or feed the history.
 */
public final class ResultsReader {

    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * Reads the file.
     *
     * @throws FormatException naming the file when it is not a version-1 {@code results.json}
     */
    public RunResult read(Path file) {
        JsonNode root;
        try {
            root = mapper.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new FormatException(file + ":" + e.getLocation().getLineNr() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new FormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null
                || !"ollama-perf-results".equals(root.path("format").asText())
                || root.path("version").asInt() != 1) {
            throw new FormatException(
                    file + ": not an ollama-perf results.json version 1 ('format' must be "
                            + "'ollama-perf-results', 'version' 1)",
                    null);
        }
        try {
            JsonNode run = root.path("run");
            List<Metric> metrics = new ArrayList<>();
            for (JsonNode m : root.path("metrics")) {
                metrics.add(metric(m));
            }
            Map<String, String> environment = new TreeMap<>();
            root.path("environment")
                    .fields()
                    .forEachRemaining(
                            e -> environment.put(e.getKey(), e.getValue().asText()));
            List<String> reasons = new ArrayList<>();
            run.path("reasons").forEach(r -> reasons.add(r.asText()));
            return new RunResult(
                    required(run, "id").asText(),
                    Instant.parse(required(run, "timestamp").asText()),
                    environment,
                    metrics,
                    RunStatus.valueOf(required(run, "status").asText()),
                    reasons);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new FormatException(file + ": " + e.getMessage(), e);
        }
    }

    private static Metric metric(JsonNode m) {
        String name = required(m, "name").asText();
        JsonNode i = m.path("interval");
        Interval interval = i.isObject()
                ? new Interval(
                        required(i, "low").asDouble(),
                        required(i, "high").asDouble(),
                        required(i, "confidence").asDouble())
                : null;
        JsonNode h = m.path("histogram");
        EncodedHistogram histogram = h.isObject()
                ? new EncodedHistogram(
                        Unit.parse(required(h, "unit").asText()),
                        required(h, "hdr").asText())
                : null;
        return new Metric(
                name,
                Unit.parse(required(m, "unit").asText()),
                Direction.valueOf(required(m, "direction").asText()),
                required(m, "value").asDouble(),
                interval,
                required(m, "samples").asLong(),
                Statistic.parse(required(m, "statistic").asText()),
                histogram,
                required(m, "source").asText());
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            throw new IllegalArgumentException("field '" + field + "' is required");
        }
        return value;
    }
}
