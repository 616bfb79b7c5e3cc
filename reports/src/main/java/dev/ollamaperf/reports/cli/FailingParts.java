package dev.ollamaperf.reports.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.reports.gate.RerunPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What to rerun to confirm the failed checks of a judged run, read from the {@code results.json} that
 * {@code report} wrote: the {@code failing-parts} command prints it, and {@code perf gate} (the cli module)
 * plans its confirmation rounds with it.
 */
public final class FailingParts {

    private FailingParts() {}

    /**
     * Plans the reruns of a judged run: its FAIL budget checks and, for an INVALID run, why it is invalid.
     * A run whose verdict is not FAIL gets a plan of 0 checks.
     *
     * @param runDir a run folder that {@code report} has judged
     * @throws RuntimeException (exit 2 in the command line) naming the file when there is no results.json, or it
     *     is not JSON, or not the results format
     */
    public static RerunPlan plan(Path runDir) {
        Path file = runDir.resolve("results.json");
        if (!Files.isRegularFile(file)) {
            throw new InputException("run folder " + runDir + ": no results.json; run 'report " + runDir + "' first");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new InputException(file + ": not JSON: " + e.getMessage());
        }
        if (!"ollama-perf-results".equals(root.path("format").asText())) {
            throw new InputException(file + ": 'format' must be 'ollama-perf-results', got: '"
                    + root.path("format").asText() + "'");
        }
        List<String> failing = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        if ("FAIL".equals(root.path("verdict").path("outcome").asText())) {
            root.path("budgets").forEach(b -> {
                if ("FAIL".equals(b.path("outcome").asText())) {
                    failing.add(b.path("metric").asText());
                }
            });
            if ("INVALID".equals(root.path("run").path("status").asText())) {
                root.path("run").path("reasons").forEach(r -> invalid.add(r.asText()));
                if (invalid.isEmpty()) {
                    invalid.add("(no reason given)");
                }
            }
        }
        return RerunPlan.of(failing, invalid);
    }
}
