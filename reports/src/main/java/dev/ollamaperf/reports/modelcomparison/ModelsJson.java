package dev.ollamaperf.reports.modelcomparison;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code <run>/models.json} (format in reports/README.md, "models.json"): deterministic field
 * order, locale-free numbers, written to a temporary file and renamed into place.
 */
public final class ModelsJson {

    /** The format version written. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelsJson() {}

    /** Returns the comparison as a JSON tree. */
    public static ObjectNode tree(ModelComparison c) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", VERSION);
        root.put("run_id", c.runId());
        root.put("scenario", c.scenario());
        root.put("confidence", c.confidence());
        root.put("method", ModelComparison.METHOD);
        ArrayNode models = root.putArray("models");
        for (ModelComparison.ModelSummary s : c.models()) {
            ObjectNode m = models.addObject();
            m.put("model", s.model());
            m.put("requests", s.requests());
            m.put("failed", s.failed());
            ObjectNode load = m.putObject("load");
            load.put("state", s.loadState());
            if (s.loadMillis() == null) {
                load.putNull("time_ms");
            } else {
                load.put("time_ms", s.loadMillis());
            }
            ObjectNode memory = m.putObject("memory");
            putOrNull(memory, "size_bytes", s.memoryBytes());
            putOrNull(memory, "size_vram_bytes", s.vramBytes());
            ObjectNode metrics = m.putObject("metrics");
            for (Map.Entry<ComparedMetric, Estimate> e : s.estimates().entrySet()) {
                ObjectNode node = metrics.putObject(e.getKey().key());
                Estimate x = e.getValue();
                node.put("unit", e.getKey().unit().symbol());
                node.put("median", x.median());
                node.put("low", x.low());
                node.put("high", x.high());
                node.put("coverage", x.coverage());
                node.put("samples", x.samples());
                node.put("effective_samples", x.effectiveSamples());
            }
        }
        ObjectNode rankings = root.putObject("rankings");
        for (MetricRanking r : c.rankings()) {
            ObjectNode node = rankings.putObject(r.metric().key());
            node.put("better", r.metric().direction().name().startsWith("LOWER") ? "lower" : "higher");
            node.put("unit", r.metric().unit().symbol());
            ArrayNode places = node.putArray("places");
            for (MetricRanking.Place p : r.places()) {
                ObjectNode place = places.addObject();
                place.put("rank", p.rank());
                place.put("model", p.model());
                place.put("median", p.estimate().median());
                ArrayNode tied = place.putArray("indistinguishable_from");
                p.indistinguishableFrom().forEach(tied::add);
            }
            ArrayNode pairs = node.putArray("pairs");
            for (MetricRanking.Pair p : r.pairs()) {
                pairs.addObject()
                        .put("a", p.a())
                        .put("b", p.b())
                        .put("verdict", p.verdict().name().toLowerCase(Locale.ROOT))
                        .put("ratio", p.ratio());
            }
        }
        ArrayNode warnings = root.putArray("warnings");
        c.warnings().forEach(warnings::add);
        return root;
    }

    /** Writes the comparison to {@code file}, atomically. */
    public static void write(ModelComparison c, Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.write(tmp, (JSON.writeValueAsString(tree(c)) + "\n").getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void putOrNull(ObjectNode node, String field, Long value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
