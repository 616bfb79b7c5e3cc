package dev.ollamaperf.reports.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.reports.gate.Report;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.read.ResultsReader;
import dev.ollamaperf.results.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code results.json} is also a baseline file: reading it back must give the run it was rendered from. */
@Timeout(30)
final class ResultsRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void read_renderedResults_equalsOriginalRun() {
        Report report = ReportFixture.report();
        Path file = ReportFormat.JSON.writeTo(dir, report);

        // time series are drawn from load/metrics.json and are not metrics: results.json does not carry them
        RunResult withoutSeries = new RunResult(
                report.run().runId(),
                report.run().timestamp(),
                report.run().environment(),
                report.run().metrics(),
                report.run().status(),
                report.run().reasons());
        assertThat(report.run().timeSeries()).isNotEmpty();
        assertThat(new ResultsReader().read(file)).isEqualTo(withoutSeries);
    }

    @Test
    void read_otherJson_failsNamingFormat() throws IOException {
        Path file = dir.resolve("results.json");
        Files.writeString(file, "{\"version\": 1}");

        assertThatThrownBy(() -> new ResultsReader().read(file))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("not an ollama-perf results.json version 1");
    }
}
