package dev.ollamaperf.load.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ollamaperf.load.protocol.LlmMetricsRecorder.ModelSnapshot;
import dev.ollamaperf.load.protocol.TimeSeriesRecorder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Writes {@code <run>/load/metrics.json} in the format that reports/README.md defines (version 1):
 * the gate's source of truth for load results, since Gatling 3.14+ writes no machine-readable
 * statistics. This module writes the format itself rather than depending on {@code reports}
 * (docs/architecture.md: nothing depends on reports); {@code MetricsFileTest} pins the field names.
 */
public final class MetricsFile {

    /** The format version written. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MetricsFile() {
    }

    /**
     * Writes one file holding the given scenarios, atomically (a temporary file moved into place),
     * so a run stopped mid-write never leaves half a file.
     */
    public static void write(Path file, String injector, List<ScenarioRun> runs) throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", VERSION);
        root.put("injector", injector);
        ArrayNode scenarios = root.putArray("scenarios");
        runs.forEach(run -> scenarios.add(scenario(run)));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(temporary.toFile(), root);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * One scenario's run.
     *
     * @param scenario   name without dots or spaces, e.g. "steady"
     * @param reasons    why the run is invalid (empty when valid)
     * @param start      first request sent
     * @param end        last answer received
     * @param openModel  arrival-rate injection (true) or fixed users (false)
     * @param targetRps  the intended arrival rate (0 for closed model)
     * @param users      virtual users started
     * @param targetKind "emulator", "ollama" or "gateway"
     * @param endpoints  the target base URIs
     * @param settings   every setting that shaped the run
     * @param maxNanos   latency objectives by histogram name (e.g. "ttft"), in ns
     * @param models     the recorder's snapshot
     * @param timeSeries the requests over time (all models together), or null for none
     */
    public record ScenarioRun(String scenario, List<String> reasons, Instant start, Instant end, boolean openModel,
                              double targetRps, int users, String targetKind, List<String> endpoints,
                              Map<String, String> settings, Map<String, Long> maxNanos,
                              Map<String, ModelSnapshot> models, TimeSeriesRecorder.Series timeSeries) {

        /** A scenario run without a time series. */
        public ScenarioRun(String scenario, List<String> reasons, Instant start, Instant end, boolean openModel,
                           double targetRps, int users, String targetKind, List<String> endpoints,
                           Map<String, String> settings, Map<String, Long> maxNanos,
                           Map<String, ModelSnapshot> models) {
            this(scenario, reasons, start, end, openModel, targetRps, users, targetKind, endpoints, settings, maxNanos,
                    models, null);
        }

        public ScenarioRun {
            reasons = List.copyOf(reasons);
            endpoints = List.copyOf(endpoints);
            settings = Map.copyOf(settings);
            maxNanos = Map.copyOf(maxNanos);
            models = Map.copyOf(models);
            if (!end.isAfter(start)) {
                end = start.plusMillis(1);
            }
        }

        /** Requests sent, over every model. */
        public long requests() {
            return models.values().stream().mapToLong(ModelSnapshot::requests).sum();
        }

        /** Requests sent per second of the window: the arrival rate actually achieved. */
        public double achievedRps() {
            double seconds = (end.toEpochMilli() - start.toEpochMilli()) / 1000.0;
            return seconds <= 0 ? 0 : requests() / seconds;
        }
    }

    private static ObjectNode scenario(ScenarioRun run) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("scenario", run.scenario());
        node.put("status", run.reasons().isEmpty() ? "VALID" : "INVALID");
        ArrayNode reasons = node.putArray("reasons");
        run.reasons().forEach(reasons::add);
        ObjectNode window = node.putObject("window");
        window.put("start", run.start().toString());
        window.put("end", run.end().toString());
        ObjectNode injection = node.putObject("injection");
        injection.put("model", run.openModel() ? "open" : "closed");
        injection.put("target_rps", run.targetRps());
        injection.put("achieved_rps", run.achievedRps());
        injection.put("users", run.users());
        ObjectNode target = node.putObject("target");
        target.put("kind", run.targetKind());
        ArrayNode endpoints = target.putArray("endpoints");
        run.endpoints().forEach(endpoints::add);
        ObjectNode settings = node.putObject("settings");
        new java.util.TreeMap<>(run.settings()).forEach(settings::put);
        ObjectNode maxNs = node.putObject("objectives").putObject("max_ns");
        new java.util.TreeMap<>(run.maxNanos()).forEach(maxNs::put);
        ArrayNode models = node.putArray("models");
        new java.util.TreeMap<>(run.models()).forEach((model, snapshot) -> models.add(model(model, snapshot)));
        if (run.timeSeries() != null) {
            node.set("timeseries", timeSeries(run.timeSeries()));
        }
        return node;
    }

    /** The optional {@code timeseries} of a scenario; TTFT fields only for buckets with a TTFT sample. */
    private static ObjectNode timeSeries(TimeSeriesRecorder.Series series) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("step_ms", series.stepMillis());
        node.put("start", series.start().toString());
        ArrayNode points = node.putArray("points");
        for (TimeSeriesRecorder.Point p : series.points()) {
            ObjectNode point = points.addObject();
            point.put("t_ms", p.tMillis());
            point.put("started", p.started());
            point.put("ok", p.ok());
            point.put("errors", p.errors());
            point.put("output_tokens", p.outputTokens());
            point.put("active_max", p.activeMax());
            point.put("active_end", p.activeEnd());
            if (p.ttftP50Nanos() >= 0) {
                point.put("ttft_p50_ns", p.ttftP50Nanos());
                point.put("ttft_p95_ns", p.ttftP95Nanos());
            }
        }
        return node;
    }

    private static ObjectNode model(String name, ModelSnapshot snapshot) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("model", name);
        ObjectNode counters = node.putObject("counters");
        counters.put("requests", snapshot.requests());
        counters.put("ok", snapshot.ok());
        ObjectNode errors = counters.putObject("errors");
        new java.util.TreeMap<>(snapshot.errors()).forEach(errors::put);
        counters.put("met_objectives", snapshot.metObjectives());
        node.put("output_tokens", snapshot.outputTokens());
        ObjectNode histograms = node.putObject("histograms");
        new java.util.TreeMap<>(snapshot.histograms()).forEach((histogramName, histogram) -> {
            ObjectNode h = histograms.putObject(histogramName);
            h.put("unit", histogramName.equals("output_tps") ? "mtok/s" : "ns");
            h.put("count", histogram.getTotalCount());
            h.put("hdr", encode(histogram));
        });
        return node;
    }

    private static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
