package dev.ollamaperf.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.read.PairedRunFixture;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class HtmlIntegrationSectionTest {

    private final String html = HtmlIntegrationSection.render(PairedRunFixture.run());

    @Test
    void render_pairedRun_oneSectionForTheIntegratedScenarioOnly() {
        assertThat(html).contains("<section class=\"integration\" id=\"integration-steady\">");
        assertThat(html).doesNotContain("integration-steady_direct");
        assertThat(html).contains("scenario <code>steady_direct</code>");
    }

    @Test
    void render_addedLatencies_medianIntervalPairsAndBothP50s() {
        // ttft: +2.95 ms [2.5, 3.4], 20 pairs, direct 300.2 ms (the histogram's bucket), through the integration 303 ms
        assertThat(html)
                .contains("<td><code>llama3.2:latest</code></td><td>ttft</td><td>+2.95 ms</td><td>[2.5, 3.4] ms</td>"
                        + "<td>20</td><td>300.2 ms</td><td>303 ms</td>");
        // e2e has no histogram in the fixture: the p50s are left blank rather than invented
        assertThat(html).contains("<td>e2e</td><td>+4 ms</td><td>[4, 4] ms</td><td>20</td><td>–</td><td>–</td>");
    }

    @Test
    void render_memoryFiguresAndChart() {
        assertThat(html)
                .contains("<th>cache hit ratio</th><td>20% of 20 requests [")
                .contains("<th>heap after GC, peak</th><td>13 MiB</td>")
                .contains("<th>heap growth (end - start, after GC)</th><td>2 MiB</td>")
                .contains("<th>allocation per request</th><td>1 MiB/request</td>")
                .contains("<th>retained per request</th><td>102 KiB/request</td>")
                .contains("<th>heap slope</th><td>6 MiB/h</td>")
                .contains("<th>RSS, peak</th><td>150 MiB</td>")
                .contains("<th>GC pause p99</th><td>2.5 ms</td>")
                .contains("<th>threads, peak</th><td>40</td>")
                .contains("Integration JVM memory over time, steady (3 samples)")
                .contains("heap used (garbage included), MiB")
                .contains("resident set (RSS), MiB");
    }

    @Test
    void render_fairness_jainsIndexOverTheUsers() {
        assertThat(HtmlIntegrationSection.render(FairnessFixture.run()))
                .contains("<th>fairness (Jain index)</th><td>0.962 over 4 users (1: all served alike)</td>");
        assertThat(html).doesNotContain("fairness");
    }

    @Test
    void render_runWithoutIntegration_nothing() {
        RunResult plain = new RunResult("r", Instant.EPOCH, Map.of(), List.of(), RunStatus.VALID, List.of());

        assertThat(HtmlIntegrationSection.render(plain)).isEmpty();
    }
}
