package dev.ollamaperf.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gate as a new user runs it: {@code scripts/perf gate} with the shipped budget file, the default
 * model and the embedded emulator's own catalogue, on a fresh run folder and a fresh history, with
 * the whole JMH suite. Only three settings differ from a user's first run, all to keep {@code verify}
 * short: JMH in smoke mode (every benchmark in every {@code @Param} combination, once, in-process),
 * 5 s load steps, and the built-in catalogue with a 0.5 s cold load instead of each model's own (6.3 s for
 * the default model), given as {@code --emulator-profile}: each load step starts its own emulator, whose
 * warm-up waits the load out unmeasured, so the real load times only made this test 17 s longer. It must
 * pass: a benchmark that cannot run, a fixture that expired, a budget file the reports reject or a load
 * step that writes nothing fails here before it fails a user.
 *
 * <p>The one real gate of {@code ./mvnw verify}: every child (the target check, JMH, both Gatling
 * scenarios) a real JVM started by the real perf through the real launcher. The gate's step logic,
 * confirmation and Ctrl-C are tested in-process in cli; its validation against a history with real load,
 * in cli's {@code GateValidationIT} and {@code GateRegressionIT}.
 *
 * <p>The run goes to {@code target/gate-fresh-run/} (kept: open its index.html).
 */
final class GateFreshRunIT {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void gate_freshRunFolderWholeSuiteShippedBudgets_passes() throws Exception {
        Path work = PerfScript.repositoryRoot().resolve("cli/target/gate-fresh-run");
        PerfScript.deleteRecursively(work);
        Files.createDirectories(work);
        Path run = work.resolve("run");
        PerfScript script = new PerfScript(work.resolve("gate.out"), Map.of());
        Path profiles = builtInCatalogueLoadingIn(work.resolve("profiles.json"), "500ms");

        int status = script.run(
                Duration.ofMinutes(4),
                "gate",
                "--run",
                run.toString(),
                "--history",
                work.resolve("history.db").toString(),
                "--bench-mode",
                "smoke",
                "--duration",
                "5s",
                "--emulator-profile",
                profiles.toString());

        assertThat(status).as("a fresh gate passes:%n%s", script.output()).isZero();
        assertThat(script.output())
                .as("the jars are fresh, so no build step is announced")
                .contains("[gate 1/6 ")
                .doesNotContain("building");
        assertThat(ranBenchmarks(run)).as("every benchmark of the suite ran").isEqualTo(listedBenchmarks());
        JsonNode results = json.readTree(run.resolve("results.json").toFile());
        assertThat(results.path("verdict").path("outcome").asText()).isEqualTo("PASS");
        for (String scenario : new String[] {"steady", "arrival", "cache"}) {
            assertThat(run.resolve("load/metrics-" + scenario + ".json")).isNotEmptyFile();
        }
        assertThat(results.path("metrics").toString())
                .as("the integration's added latency and memory, checked against the shipped budgets")
                .contains("load.steady.llama3.2:latest.added.ttft.p50", "load.steady.integration.alloc_per_request");
        assertThat(run.resolve("index.html")).isNotEmptyFile();
        assertThat(run.resolve("junit.xml")).isNotEmptyFile();
        assertThat(PerfScript.read(run.resolve("environment.json"))).contains("\"gate.bench_mode\"");
    }

    /** The emulator's built-in catalogue, every profile as it ships but for its cold load time, written to {@code file}. */
    private Path builtInCatalogueLoadingIn(Path file, String loadTime) throws IOException {
        JsonNode catalogue;
        try (InputStream in = ModelCatalogue.class.getResourceAsStream(ModelCatalogue.BUILT_IN_RESOURCE)) {
            catalogue = json.readTree(Objects.requireNonNull(in, "the emulator's built-in profiles.json"));
        }
        catalogue.path("profiles").forEach(profile -> ((ObjectNode) profile).put("loadTime", loadTime));
        json.writeValue(file.toFile(), catalogue);
        return file;
    }

    private Set<String> ranBenchmarks(Path run) throws IOException {
        Set<String> names = new TreeSet<>();
        json.readTree(run.resolve("jmh/results.json").toFile())
                .forEach(row -> names.add(row.path("benchmark").asText()));
        return names;
    }

    /** What {@code java -jar ollama-perf-benchmarks.jar -l} lists: JMH's own command line on the benchmarks jar. */
    private static Set<String> listedBenchmarks() throws IOException, InterruptedException {
        Process list = new ProcessBuilder("java", "-jar", "benchmarks/target/ollama-perf-benchmarks.jar", "-l")
                .directory(PerfScript.repositoryRoot().toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(list.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(list.waitFor()).as(out).isZero();
        return Arrays.stream(out.split("\n"))
                .map(String::trim)
                .filter(line -> line.startsWith("dev.ollamaperf."))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
