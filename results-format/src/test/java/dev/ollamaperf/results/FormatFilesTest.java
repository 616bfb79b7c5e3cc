package dev.ollamaperf.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
final class FormatFilesTest {

    @TempDir
    Path dir;

    @Test
    void loadMetrics_writeThenRead_roundTrips() {
        LoadMetrics written = LoadMetricsFixtures.file("inj-1", 1_000_000, 100, 0);
        Path file = dir.resolve("load/metrics.json");

        FormatFiles.writeLoadMetrics(written, file);

        assertThat(FormatFiles.readLoadMetrics(file)).isEqualTo(written);
    }

    @Test
    void harness_withAndWithoutHealth_roundTripsAndAnOldFileHasNoHealth() throws IOException {
        HarnessInfo.Health health = new HarnessInfo.Health(60_000, 3, 45, 2_600, 2);
        HarnessInfo with = new HarnessInfo(1, 10, 20, Map.of(), health);
        HarnessInfo without = new HarnessInfo(1, 10, 20, Map.of());

        FormatFiles.writeHarness(with, dir.resolve("with.json"));
        FormatFiles.writeHarness(without, dir.resolve("without.json"));

        assertThat(FormatFiles.readHarness(dir.resolve("with.json"))).isEqualTo(with);
        assertThat(Files.readString(dir.resolve("with.json"))).contains("\"gc_pause_ms\" : 45.0");
        assertThat(FormatFiles.readHarness(dir.resolve("without.json")).health())
                .isNull();
        assertThat(Files.readString(dir.resolve("without.json"))).doesNotContain("health");
        assertThat(health.gcShare()).isEqualTo(0.00075);
        assertThat(health.cpuShare()).isCloseTo(2_600.0 / 120_000, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void loadMetrics_written_usesSnakeCaseNames() throws IOException {
        Path file = dir.resolve("metrics.json");
        FormatFiles.writeLoadMetrics(LoadMetricsFixtures.file("inj-1", 1_000_000, 100, 0), file);

        assertThat(Files.readString(file)).contains("\"target_rps\"", "\"met_objectives\"", "\"output_tokens\"");
    }

    @Test
    void readLoadMetrics_unknownField_failsNamingFileAndField() throws IOException {
        Path file = dir.resolve("metrics.json");
        FormatFiles.writeLoadMetrics(LoadMetricsFixtures.file("inj-1", 1_000_000, 100, 0), file);
        String text = Files.readString(file).replace("\"injector\" :", "\"injectorz\" : 1,\n  \"injector\" :");
        Files.writeString(file, text);

        assertThatThrownBy(() -> FormatFiles.readLoadMetrics(file))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith(file + ":") // Jackson reports an unknown record field at the object's end
                .hasMessageContaining("injectorz");
    }

    @Test
    void readLoadMetrics_syntaxError_failsNamingFileAndLine() throws IOException {
        Path file = dir.resolve("metrics.json");
        Files.writeString(file, "{\n  \"version\": 1,\n  \"injector\": \"a\"\n  \"scenarios\": []\n}\n");

        assertThatThrownBy(() -> FormatFiles.readLoadMetrics(file))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith(file + ":4: ");
    }

    @Test
    void readLoadMetrics_wrongVersion_failsNamingRule() throws IOException {
        Path file = dir.resolve("metrics.json");
        Files.writeString(file, "{\"version\": 2, \"injector\": \"a\", \"scenarios\": []}");

        assertThatThrownBy(() -> FormatFiles.readLoadMetrics(file))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("'version' must be 1")
                .hasMessageContaining("got: 2");
    }

    @Test
    void counters_notAddingUp_failsWithNumbers() {
        assertThatThrownBy(() -> new Counters(10, 8, Map.of("http_503", 1L), 8))
                .hasMessage("'counters' must satisfy requests == ok + sum(errors), got: requests=10, ok=8, errors=1");
    }

    @Test
    void merge_oneInjectorInvalid_keepsTheMergeInvalidWithItsReasonNamed() {
        LoadMetrics healthy = LoadMetricsFixtures.file("injector-1-of-2", 1_000_000, 100, 0);
        ScenarioMetrics s = LoadMetricsFixtures.file("injector-2-of-2", 2_000_000, 100, 0)
                .scenarios()
                .get(0);
        LoadMetrics paused = new LoadMetrics(
                1,
                "injector-2-of-2",
                List.of(new ScenarioMetrics(
                        s.scenario(),
                        Status.INVALID,
                        List.of("the load generator's JVM collected garbage for 800 ms"),
                        s.window(),
                        s.injection(),
                        s.target(),
                        s.settings(),
                        s.objectives(),
                        s.models())));

        ScenarioMetrics merged =
                LoadMetricsMerger.merge(List.of(healthy, paused)).scenarios().get(0);

        assertThat(merged.status()).isEqualTo(Status.INVALID);
        assertThat(merged.reasons())
                .containsExactly("injector-2-of-2: the load generator's JVM collected garbage for 800 ms");
        assertThat(merged.models().get(0).counters().requests()).isEqualTo(200);
    }

    @Test
    void merge_twoInjectors_sumsCountersAndRatesAndAddsHistograms() {
        LoadMetrics a = LoadMetricsFixtures.file("a", 1_000_000, 100, 0);
        LoadMetrics b = LoadMetricsFixtures.file("b", 9_000_000, 50, 5);

        LoadMetrics merged = LoadMetricsMerger.merge(List.of(a, b));

        ScenarioMetrics s = merged.scenarios().get(0);
        ModelMetrics m = s.models().get(0);
        assertThat(merged.injector()).isEqualTo("a+b");
        assertThat(m.counters().requests()).isEqualTo(155);
        assertThat(m.counters().errors()).containsEntry("http_503", 5L);
        assertThat(m.histograms().get("ttft").count()).isEqualTo(150);
        Histogram ttft = m.histograms().get("ttft").decode();
        assertThat(ttft.getMaxValue()).isEqualTo(ttft.highestEquivalentValue(9_000_000));
        assertThat(s.injection().targetRps()).isEqualTo(20.0);
        assertThat(s.status()).isEqualTo(Status.VALID);
    }

    @Test
    void merge_differentSettings_failsNamingScenarioAndField() {
        LoadMetrics a = LoadMetricsFixtures.file("a", 1_000_000, 100, 0);
        ScenarioMetrics s = a.scenarios().get(0);
        LoadMetrics b = new LoadMetrics(
                1,
                "b",
                List.of(new ScenarioMetrics(
                        s.scenario(),
                        s.status(),
                        s.reasons(),
                        s.window(),
                        s.injection(),
                        s.target(),
                        Map.of("users", "99"),
                        s.objectives(),
                        s.models())));

        assertThatThrownBy(() -> LoadMetricsMerger.merge(List.of(a, b)))
                .hasMessageStartingWith("scenario 'steady' cannot merge: 'settings' differs between injectors");
    }

    @Test
    void objectives_requestOverOneLimit_notMet() {
        Objectives objectives = new Objectives(Map.of("ttft", 1_000L, "e2e", 5_000L));

        assertThat(objectives.met(Map.of("ttft", 900L, "e2e", 4_000L))).isTrue();
        assertThat(objectives.met(Map.of("ttft", 1_001L, "e2e", 4_000L))).isFalse();
    }

    @Test
    void environment_flatten_prefixesSections() {
        EnvironmentInfo env = new EnvironmentInfo(
                1,
                "run-1",
                "2026-11-26T10:00:00Z",
                Map.of("version", "17.0.12"),
                Map.of("cores", "2"),
                Map.of("name", "Linux"),
                Map.of("commit", "abc123"),
                Map.of("kind", "emulator"),
                Map.of("users", "5"));

        assertThat(env.flatten())
                .containsEntry("jvm.version", "17.0.12")
                .containsEntry("git.commit", "abc123")
                .containsEntry("settings.users", "5")
                .hasSize(6);
    }

    @Test
    void readSweep_unknownField_failsNamingFileAndField() throws IOException {
        Path file = dir.resolve("load/sweep.json");
        FormatFiles.writeSweep(GoldenValues.sweep(), file);
        Files.writeString(
                file, Files.readString(file).replace("\"step_seconds\" :", "\"step_secs\" : 1,\n  \"step_seconds\" :"));

        assertThatThrownBy(() -> FormatFiles.readSweep(file))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith(file + ":")
                .hasMessageContaining("step_secs");
    }

    @Test
    void readSweep_failuresAboveRequests_failsNamingStepAndRule() throws IOException {
        Path file = dir.resolve("sweep.json");
        FormatFiles.writeSweep(GoldenValues.sweep(), file);
        Files.writeString(file, Files.readString(file).replace("\"failures\" : 1,", "\"failures\" : 61,"));

        assertThatThrownBy(() -> FormatFiles.readSweep(file))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("step 'capacity_r2' 'failures' must be <= requests (60), got: 61");
    }

    @Test
    void sweep_unknownKind_failsNamingTheKinds() {
        CapacitySweep s = GoldenValues.sweep();

        assertThatThrownBy(() -> new CapacitySweep(
                        1,
                        s.capturedAt(),
                        "ramp",
                        s.levels(),
                        s.stepSeconds(),
                        s.stopRule(),
                        s.stoppedEarly(),
                        s.stopReason(),
                        s.numParallelSetting(),
                        s.steps(),
                        s.models()))
                .hasMessage("'sweep' must be 'concurrency' or 'rate', got: ramp");
    }

    @Test
    void readJmh_notAnArray_failsNamingFile() throws IOException {
        Path file = Files.writeString(dir.resolve("results.json"), "{\"benchmark\": \"a.B.c\"}");

        assertThatThrownBy(() -> FormatFiles.readJmh(file))
                .isInstanceOf(FormatException.class)
                .hasMessage(file + ": JMH results must be a JSON array of benchmark results");
    }

    @Test
    void readJmh_withoutPrimaryMetric_failsNamingFileAndBenchmark() throws IOException {
        Path file = Files.writeString(dir.resolve("results.json"), "[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\"}]");

        assertThatThrownBy(() -> FormatFiles.readJmh(file))
                .isInstanceOf(FormatException.class)
                .hasMessage(file + ": benchmark 'a.B.c': has no 'primaryMetric'");
    }

    @Test
    void readJmh_blankMode_failsNamingTheField() throws IOException {
        Path file = Files.writeString(dir.resolve("results.json"), "[{\"benchmark\": \"a.B.c\", \"mode\": \" \"}]");

        assertThatThrownBy(() -> FormatFiles.readJmh(file))
                .isInstanceOf(FormatException.class)
                .hasMessage(file + ": benchmark 'a.B.c': field 'mode' must be a non-blank string");
    }
}
