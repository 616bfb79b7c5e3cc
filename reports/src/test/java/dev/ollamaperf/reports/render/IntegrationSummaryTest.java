package dev.ollamaperf.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.read.PairedRunFixture;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class IntegrationSummaryTest {

    @Test
    void lines_pairedRun_oneLineForTheIntegratedScenario() {
        assertThat(IntegrationSummary.lines(PairedRunFixture.run()))
                .containsExactly("steady: the integration adds ttft +2.95 ms [2.5, 3.4], e2e +4 ms [4, 4] (20 pairs);"
                        + " allocates 1 MiB/request; heap after GC 13 MiB; cache hits 20%");
    }

    @Test
    void lines_fairnessMeasured_endsWithJainsIndexOverTheUsers() {
        assertThat(IntegrationSummary.lines(FairnessFixture.run()))
                .singleElement()
                .asString()
                .endsWith("; fairness (Jain) 0.962 over 4 users");
    }

    @Test
    void lines_runWithoutIntegration_none() {
        RunResult plain = new RunResult("r", Instant.EPOCH, Map.of(), List.of(), RunStatus.VALID, List.of());

        assertThat(IntegrationSummary.lines(plain)).isEmpty();
    }

    @Test
    void bytes_binaryUnitsThreeDigitsSigned() {
        assertThat(IntegrationSummary.bytes(310 * 1024)).isEqualTo("310 KiB");
        assertThat(IntegrationSummary.bytes(12.3 * 1024 * 1024)).isEqualTo("12.3 MiB");
        assertThat(IntegrationSummary.bytes(-1.5 * 1024 * 1024)).isEqualTo("-1.5 MiB");
        assertThat(IntegrationSummary.bytes(512)).isEqualTo("512 B");
    }
}
