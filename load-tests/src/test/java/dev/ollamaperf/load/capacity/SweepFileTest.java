package dev.ollamaperf.load.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.results.CapacitySweep;
import dev.ollamaperf.results.FormatFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capacity sweep writes {@code sweep.json} through results-format's typed writer: what it writes is what
 * the capacity analysis reads (the field names are pinned by results-format's golden file).
 */
@Timeout(30)
final class SweepFileTest {

    @TempDir
    Path dir;

    @Test
    void write_stoppedSweep_readsBackWithEveryStepAndModel() {
        CapacitySettings settings = new CapacitySettings(
                Sweep.CONCURRENCY,
                List.of(1.0, 2.0, 4.0),
                Duration.ofMillis(2_500),
                new SaturationGuard.Rule(0.05, 2.0, 0.2, 2));
        List<SweepMonitor.StepResult> steps = List.of(
                new SweepMonitor.StepResult(
                        new SaturationGuard.Step("capacity_c001", 1, 10, 0, 2.5, 410_500_000L, 400_000_000L, true),
                        3_320_000_000L,
                        0),
                new SweepMonitor.StepResult(
                        new SaturationGuard.Step("capacity_c002", 2, 20, 1, 2.6, 820_000_000L, 400_000_000L, true),
                        3_450_000_000L,
                        0));
        SweepFile.ModelPlan plan = new SweepFile.ModelPlan(
                "llama3.2:latest", 2_019_393_189L, 4096, 131_072, new KvGeometry(28, 8, 128, 128));
        Path file = dir.resolve("load/sweep.json");

        SweepFile.write(
                file,
                Instant.parse("2026-11-26T10:05:00Z"),
                settings,
                steps,
                Optional.of("saturated"),
                null,
                List.of(plan));

        CapacitySweep read = FormatFiles.readSweep(file);
        assertThat(read.sweep()).isEqualTo(CapacitySweep.CONCURRENCY);
        assertThat(read.levels()).containsExactly(1.0, 2.0, 4.0);
        assertThat(read.stepSeconds()).isEqualTo(2.5);
        assertThat(read.stopRule()).isEqualTo(new CapacitySweep.StopRule(0.05, 2.0, 0.2, 2));
        assertThat(read.stoppedEarly()).isTrue();
        assertThat(read.stopReason()).isEqualTo("saturated");
        assertThat(read.numParallelSetting()).as("unset").isEmpty();
        assertThat(read.steps())
                .containsExactly(
                        new CapacitySweep.Step("capacity_c001", 1, 10, 0, 2.5, 410.5, 3_320_000_000L, 0),
                        new CapacitySweep.Step("capacity_c002", 2, 20, 1, 2.6, 820, 3_450_000_000L, 0));
        assertThat(read.models())
                .containsExactly(new CapacitySweep.ModelPlan(
                        "llama3.2:latest", 2_019_393_189L, 4096, 131_072, 28, 8, 128, 128, 114_688));
    }
}
