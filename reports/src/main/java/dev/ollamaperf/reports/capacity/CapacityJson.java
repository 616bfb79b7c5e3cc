package dev.ollamaperf.reports.capacity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes {@code <run>/capacity.json} (format in reports/README.md, "Capacity"). Non-finite numbers
 * (a saturated prediction's response time) are written as {@code null}.
 */
public final class CapacityJson {

    private CapacityJson() {}

    /** The analysis as a JSON tree. */
    public static ObjectNode tree(CapacityAnalysis a) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", 1);
        root.put("run", a.run());
        root.put("sweep", a.open() ? "rate" : "concurrency");
        root.put("stopped_early", a.stoppedEarly());
        root.put("stop_reason", a.stopReason());
        ArrayNode objectives = root.putArray("objectives");
        a.options().objectives().forEach(o -> objectives.add(o.toString()));
        root.put("max_error_ratio", a.options().maxErrorRatio());
        ObjectNode knee = root.putObject("knee");
        knee.put("level", a.knee().level());
        knee.put("reached", a.knee().reached());
        knee.put("verdict", a.knee().verdict().text());
        ArrayNode repeat = knee.putArray("uncertain_levels");
        a.knee().uncertainLevels().forEach(repeat::add);
        knee.put("basis", a.knee().basis());
        root.put(
                "goodput_level",
                a.goodputIndex() < 0 ? null : a.steps().get(a.goodputIndex()).level());
        root.put("slots", a.slots());
        root.put("slots_source", a.slotsSource());
        ObjectNode evidence = root.putObject("slot_evidence");
        evidence.put("configured", a.slotEvidence().configured());
        evidence.put("wait_free_level", a.slotEvidence().waitFree());
        evidence.put(
                "onset_level",
                a.slotEvidence().onsetIndex() < 0
                        ? null
                        : a.steps().get(a.slotEvidence().onsetIndex()).level());
        evidence.put("supported", a.slotEvidence().supported());
        evidence.put("basis", a.slotEvidence().basis());
        steps(a, root.putArray("steps"));
        ObjectNode model = root.putObject("model");
        model.put(
                "kind",
                !a.open()
                        ? "closed: c slots with batching"
                        : a.model().poisson()
                                ? "open, Poisson arrivals: M/D/c (half the Erlang C wait) with batching"
                                : "open, evenly spaced arrivals: D/D/c (no wait below saturation) with batching");
        model.put("s1_seconds", a.model().s1Seconds());
        model.put("serial_fraction", a.model().serialFraction());
        model.put("slots", a.model().slots());
        model.put("fitted_on_steps", a.model().fittedOn());
        number(model, "held_out_throughput_error", a.heldOutError()[0]);
        number(model, "held_out_response_error", a.heldOutError()[1]);
        ArrayNode recommendations = root.putArray("recommendations");
        a.recommendations()
                .forEach(r -> recommendations
                        .addObject()
                        .put("name", r.name())
                        .put("value", r.value())
                        .put("basis", r.basis()));
        memory(a.memory(), root.putObject("memory"));
        return root;
    }

    /** Writes the file atomically. */
    public static void write(CapacityAnalysis analysis, Path file) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.createDirectories(file.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), tree(analysis));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void steps(CapacityAnalysis a, ArrayNode out) {
        for (int i = 0; i < a.steps().size(); i++) {
            CapacityStep s = a.steps().get(i);
            QueueingModel.Check check = a.modelChecks().get(i);
            ObjectNode node = out.addObject();
            node.put("scenario", s.scenario());
            node.put("level", s.level());
            node.put("valid", s.valid());
            node.put("seconds", s.seconds());
            node.put("requests", s.requests());
            node.put("ok", s.ok());
            node.put("throughput_rps", s.throughput());
            number(node, "throughput_half_width_rps", s.throughputHalfWidth());
            node.put("throughput_samples", s.samples().size());
            node.put("output_tokens_per_second", s.outputTokensPerSecond());
            node.put("per_request_tokens_per_second", s.perRequestTps());
            node.put("error_ratio", s.errorRatio());
            ObjectNode latencies = node.putObject("latency_ms");
            s.latencies()
                    .forEach((name, l) -> latencies
                            .putObject(name)
                            .put("count", l.count())
                            .put("mean", l.mean())
                            .put("p50", l.p50())
                            .put("p90", l.p90())
                            .put("p95", l.p95())
                            .put("p99", l.p99())
                            .put("max", l.max()));
            node.put("resident_bytes", s.residentBytes());
            ArrayNode missed = node.putArray("missed_objectives");
            a.checks().get(i).forEach(missed::add);
            ObjectNode predicted = node.putObject("predicted");
            predicted.put("fitted", check.fitted());
            number(predicted, "throughput_rps", check.predictedThroughput());
            number(predicted, "mean_e2e_seconds", check.predictedResponse());
            number(predicted, "throughput_error", check.throughputError());
            number(predicted, "response_error", check.responseError());
        }
    }

    private static void memory(MemoryPlan plan, ObjectNode node) {
        node.put("parallel", plan.parallel());
        node.put("kv_cache_type", plan.cacheType().setting());
        node.put("total_bytes", plan.totalBytes());
        node.put("available_bytes", plan.availableBytes());
        if (plan.availableBytes() > 0) {
            node.put("fits", plan.fits());
            node.put("max_parallel_that_fits", plan.maxParallelFit());
        }
        ArrayNode models = node.putArray("models");
        plan.models()
                .forEach(m -> models.addObject()
                        .put("name", m.name())
                        .put("weights_bytes", m.weightsBytes())
                        .put("kv_bytes_per_token", m.kvBytesPerToken())
                        .put("context_length", m.contextLength())
                        .put("kv_bytes", m.kvBytes())
                        .put("total_bytes", m.totalBytes())
                        .put("observed_bytes", m.observedBytes())
                        .put("predicted_at_test_bytes", m.predictedAtTest()));
    }

    private static void number(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }
}
