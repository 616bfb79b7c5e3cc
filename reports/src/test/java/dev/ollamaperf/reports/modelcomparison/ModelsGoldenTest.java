package dev.ollamaperf.reports.modelcomparison;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.read.RunReader;
import dev.ollamaperf.results.Counters;
import dev.ollamaperf.results.EnvironmentInfo;
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.HistogramData;
import dev.ollamaperf.results.Injection;
import dev.ollamaperf.results.LoadMetrics;
import dev.ollamaperf.results.ModelMetrics;
import dev.ollamaperf.results.Objectives;
import dev.ollamaperf.results.ScenarioMetrics;
import dev.ollamaperf.results.ServerInfo;
import dev.ollamaperf.results.Status;
import dev.ollamaperf.results.Target;
import dev.ollamaperf.results.Window;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code models.json} and the terminal table, sealed by golden files: a fixed, seeded run folder (three
 * models: two with identical samples, one with only 5 requests of which one failed and no server facts)
 * read through {@link RunReader}, compared, and rendered under several default locales, must equal
 * {@code src/test/resources/dev/ollamaperf/reports/modelcomparison/golden-models.json} and {@code golden-models.txt}.
 *
 * <p><b>Changing a golden file is a format change</b>: regenerate with {@code -Dgolden.update=true} (from
 * {@code reports/}), review the diff, and say so in the change.
 */
@Timeout(30)
final class ModelsGoldenTest {

    @TempDir
    Path run;

    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"en-US", "de-DE", "tr-TR"})
    void render_seededRun_matchesGoldenFiles(String tag) throws Exception {
        ModelComparison c = comparison();
        Locale previous = Locale.getDefault();
        String json;
        StringWriter table = new StringWriter();
        try {
            Locale.setDefault(Locale.forLanguageTag(tag));
            ModelsJson.write(c, run.resolve("models.json"));
            json = Files.readString(run.resolve("models.json"));
            ModelsTable.print(c, new PrintWriter(table));
        } finally {
            Locale.setDefault(previous);
        }
        if (Boolean.getBoolean("golden.update") && tag.equals("en-US")) {
            Files.writeString(
                    Path.of("src/test/resources/dev/ollamaperf/reports/modelcomparison/golden-models.json"), json);
            Files.writeString(
                    Path.of("src/test/resources/dev/ollamaperf/reports/modelcomparison/golden-models.txt"),
                    table.toString());
        }
        assertThat(json).isEqualTo(golden("golden-models.json"));
        assertThat(table.toString()).isEqualTo(golden("golden-models.txt"));
    }

    @Test
    void compare_seededRun_ranksTiesAndWarnsAboutTheWeakModel() throws Exception {
        ModelComparison c = comparison();

        MetricRanking ttft = c.ranking(ComparedMetric.TTFT).orElseThrow();
        assertThat(ttft.verdict("fast:latest", "twin:latest")).isEqualTo(ComparisonVerdict.INDISTINGUISHABLE);
        assertThat(ttft.verdict("few:latest", "fast:latest"))
                .as("5 samples reach only 93.75%: no claim")
                .isEqualTo(ComparisonVerdict.INDISTINGUISHABLE);
        assertThat(c.warnings())
                .contains(
                        "few:latest: 1 of 5 requests failed; the estimates cover the rest",
                        "few:latest ttft: 4 independent samples give only 87.5% coverage; no verdict against it");
        ModelComparison.ModelSummary few = c.models().get(1);
        assertThat(few.model()).isEqualTo("few:latest");
        assertThat(few.loadState()).isEqualTo("not_measured");
        assertThat(few.memoryBytes()).isNull();
        assertThat(c.models().get(0).loadMillis()).isEqualTo(1500.0);
        assertThat(c.models().get(2).loadState()).isEqualTo("already_loaded");
    }

    private ModelComparison comparison() throws Exception {
        FormatFiles.writeEnvironment(
                new EnvironmentInfo(
                        1,
                        "golden-models",
                        "2026-11-26T10:00:00Z",
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Map.of("kind", "emulator"),
                        Map.of()),
                run.resolve("environment.json"));
        ScenarioMetrics compare = new ScenarioMetrics(
                "compare",
                Status.VALID,
                List.of(),
                new Window("2026-11-26T10:00:00Z", "2026-11-26T10:01:00Z"),
                new Injection("closed", 0, 1.4, 1),
                new Target("emulator", List.of("http://127.0.0.1:11434")),
                Map.of("ollama.perf.users", "1"),
                new Objectives(Map.of()),
                List.of(
                        model("fast:latest", 1, 40, 0, 100, 12),
                        model("twin:latest", 1, 40, 0, 100, 12),
                        model("few:latest", 2, 4, 1, 300, 30)));
        FormatFiles.writeLoadMetrics(
                new LoadMetrics(1, "injector-1", List.of(compare)), run.resolve("load/metrics.json"));
        FormatFiles.writeServer(
                new ServerInfo(
                        1,
                        "2026-11-26T10:01:01Z",
                        List.of(new ServerInfo.Endpoint(
                                "http://127.0.0.1:11434",
                                "0.32.15",
                                List.of(
                                        new ServerInfo.LoadedModel(
                                                "fast:latest",
                                                2_000_000_000L,
                                                2_000_000_000L,
                                                4096,
                                                "llama",
                                                "3B",
                                                "Q4_K_M"),
                                        new ServerInfo.LoadedModel(
                                                "twin:latest", 2_000_000_000L, 0, 4096, "llama", "3B", "Q4_K_M")),
                                List.of(
                                        new ServerInfo.ModelLoad("fast:latest", "loaded_by_run", 1_500_000_000L),
                                        new ServerInfo.ModelLoad("few:latest", "not_measured", null),
                                        new ServerInfo.ModelLoad("twin:latest", "already_loaded", null))))),
                run.resolve("load/server.json"));
        RunResult result = new RunReader().read(run);
        return new ModelComparer().compare(result, "compare").orElseThrow();
    }

    /** {@code ok} answered requests (seeded), plus {@code failed} ones: TTFT ~ ttftMs, 8 gaps of ~ gapMs each. */
    private static ModelMetrics model(String name, long seed, int ok, int failed, double ttftMs, double gapMs) {
        Random random = new Random(seed);
        Histogram ttft = new Histogram(3_600_000_000_000L, 3);
        Histogram gaps = new Histogram(3_600_000_000_000L, 3);
        Histogram e2e = new Histogram(3_600_000_000_000L, 3);
        Histogram tps = new Histogram(100_000_000L, 3);
        for (int i = 0; i < ok; i++) {
            long t = Math.round(ttftMs * 1e6 * Math.exp(0.2 * random.nextGaussian()));
            long total = t;
            long sum = 0;
            for (int g = 0; g < 8; g++) {
                long gap = Math.round(gapMs * 1e6 * Math.exp(0.1 * random.nextGaussian()));
                gaps.recordValue(gap);
                sum += gap;
            }
            total += sum;
            ttft.recordValue(t);
            e2e.recordValue(total);
            tps.recordValue(Math.round(8 * 1e9 / sum * 1000));
        }
        Map<String, Long> errors = failed == 0 ? Map.of() : Map.of("http_500", (long) failed);
        return new ModelMetrics(
                name,
                new Counters(ok + failed, ok, errors, ok),
                ok * 9L,
                Map.of(
                        "ttft",
                        HistogramData.of(ttft, "ns"),
                        "inter_token",
                        HistogramData.of(gaps, "ns"),
                        "e2e",
                        HistogramData.of(e2e, "ns"),
                        "output_tps",
                        HistogramData.of(tps, "mtok/s")));
    }

    private String golden(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
