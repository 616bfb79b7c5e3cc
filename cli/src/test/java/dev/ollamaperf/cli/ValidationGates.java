package dev.ollamaperf.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The gates of the gate's validation ({@link GateValidationIT}, {@link GateRegressionIT}): {@code perf gate}
 * in-process, its load scenarios run by {@link InProcessLoad} against the emulator with a profile, the
 * validation's budgets, and a history database of its own under {@code target/<folder>/} (kept as test
 * artefacts: open the runs' index.html). Each test class has its own folder, so the two can run in parallel
 * JVMs.
 */
final class ValidationGates {

    static final String MODEL = "gate-test:latest";

    private final Path work;
    private final ObjectMapper json = new ObjectMapper();
    final Path history;
    final Path budgets;
    final Path calibrated;
    final Path slower;

    ValidationGates(String folder) throws IOException {
        work = Path.of(System.getProperty("basedir", "."))
                .toAbsolutePath()
                .resolve("target")
                .resolve(folder);
        deleteRecursively(work);
        Files.createDirectories(work);
        history = work.resolve("history.db");
        budgets = copyResource("validation-budgets.yaml");
        calibrated = copyResource("calibrated-profile.json");
        slower = copyResource("slower-profile.json");
    }

    /** A perf whose load children run in-process against the profile, as the gate's JVMs would. */
    PerfHarness gate(String run) {
        PerfHarness perf = new PerfHarness(work.resolve("checkout-" + run)).startingChildrenWith(new InProcessLoad());
        perf.env().put("OLLAMA_NUM_PARALLEL", "8");
        perf.env().put("OLLAMA_MAX_CONCURRENT", "2");
        return perf;
    }

    String[] args(String run, Path profile) {
        return new String[] {
            "gate",
            "--run",
            run(run).toString(),
            "--history",
            history.toString(),
            "--budgets",
            budgets.toString(),
            "--emulator-profile",
            profile.toString(),
            "--model",
            MODEL,
            "--duration",
            "4s",
            "--bench-mode",
            "smoke",
            // the load half against emulator profiles, as before the integration joined the gate (its own test:
            // GateIntegrationIT)
            "--scenarios",
            "steady,arrival",
            "-Dollama.perf.mode=direct",
            "-Dollama.perf.numPredict=16",
            "-Dollama.perf.prompts=builtin:short",
            "-Dollama.perf.maxDispatchLag=1s",
            // as the dispatch lag: a stall of the stream loops on a shared machine (up to 0.9 s measured in
            // load-tests' own tests) is not what these runs test
            "-Dollama.perf.maxLoopLag=5s"
        };
    }

    Path run(String run) {
        return work.resolve(run);
    }

    JsonNode results(String run) throws IOException {
        return json.readTree(run(run).resolve("results.json").toFile());
    }

    static List<String> budgetOutcomes(JsonNode results) {
        List<String> outcomes = new ArrayList<>();
        results.path("budgets")
                .forEach(budget -> outcomes.add(budget.path("outcome").asText()));
        return outcomes;
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private Path copyResource(String name) throws IOException {
        try (InputStream in = ValidationGates.class.getResourceAsStream("validation/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: dev/ollamaperf/cli/validation/" + name);
            }
            Path file = work.resolve(name);
            Files.copy(in, file);
            return file;
        }
    }
}
