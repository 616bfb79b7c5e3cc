package dev.ollamaperf.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.gate.Report;
import dev.ollamaperf.reports.gate.RunJudge;
import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report without a browser: escaping, and graceful degradation when a source is absent. */
@Timeout(30)
final class HtmlRendererTest {

    private static final String SCRIPT = "<script>document.title='pwned'</script>";
    private static final String IMG = "<img/src=x/onerror=alert(1)>";

    @TempDir
    Path dir;

    @Test
    void render_inputWithMarkup_escapesEveryString() throws IOException {
        RunResult run = new RunResult(
                "run" + IMG,
                Instant.parse("2026-11-26T10:00:00Z"),
                Map.of("git.commit", SCRIPT, "evil" + IMG, "a\"b'c&d"),
                List.of(
                        Metric.of(
                                "jmh.X.m[p=" + IMG + "].time",
                                Unit.NANOSECONDS_PER_OP,
                                Direction.LOWER_IS_BETTER,
                                5,
                                "jmh"),
                        Metric.of(
                                "server." + IMG + ".memory.bytes",
                                Unit.BYTES,
                                Direction.LOWER_IS_BETTER,
                                1e9,
                                "server")),
                RunStatus.INVALID,
                List.of("scenario " + SCRIPT + " missed its rate"));

        String html = render(new RunJudge().judge(run, null, null));

        assertThat(html)
                .doesNotContain(SCRIPT)
                .doesNotContain(IMG)
                .doesNotContain("a\"b'c&d")
                .contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;")
                .contains("&lt;img/src=x/onerror=alert(1)&gt;")
                .contains("a&quot;b&#39;c&amp;d");
    }

    @Test
    void render_runWithJmhOnly_explainsMissingLoadAndServer() throws IOException {
        RunResult run = run(List.of(new Metric(
                "jmh.CacheBenchmark.get[size=1].time",
                Unit.NANOSECONDS_PER_OP,
                Direction.LOWER_IS_BETTER,
                48,
                new dev.ollamaperf.reports.metric.Interval(47, 49, 0.999),
                10,
                Statistic.SCORE,
                null,
                "jmh")));

        String html = render(new RunJudge().judge(run, null, null));

        assertThat(html)
                .contains("This run has no load-test results")
                .contains("No server information")
                .contains("Time per operation (ns/op)")
                .contains("<path class=\"err\"")
                .doesNotContain("class=\"series\"");
    }

    @Test
    void render_latencyMetricWithoutHistogram_drawsNoCurveButKeepsTheDot() throws IOException {
        RunResult run = run(List.of(
                Metric.of(
                        "load.steady.llama3.2:latest.ttft.p95",
                        Unit.MILLISECONDS,
                        Direction.LOWER_IS_BETTER,
                        420,
                        "load"),
                Metric.of(
                        "load.steady.throughput.rps",
                        Unit.REQUESTS_PER_SECOND,
                        Direction.HIGHER_IS_BETTER,
                        2,
                        "load")));

        String html = render(new RunJudge().judge(run, null, null));

        assertThat(html)
                .contains("Scenario <code>steady</code>")
                .contains("No latency histograms in this scenario")
                .contains("ttft.p95 by model, steady")
                .doesNotContain("class=\"series\"")
                .contains("No JMH results".substring(3));
    }

    @Test
    void render_fixtureWithBaseline_showsCurvesAndBaselineTicks() throws IOException {
        String html = render(ReportFixture.report());

        assertThat(html)
                .contains("ttft by percentile, steady")
                .contains("class=\"base\"")
                .contains("+1.7% unchanged")
                .contains("<div class=\"big\">FAIL")
                .contains("Against baseline <code>base-run</code>");
    }

    @Test
    void render_scenarioWithTimeSeries_drawsThroughputActiveAndTtftOverTime() throws IOException {
        String html = render(ReportFixture.report());

        assertThat(html)
                .contains("Throughput over time, steady (1 s buckets from 2026-11-26T10:00:00Z)")
                .contains("Active requests over time, steady")
                .contains("TTFT over time, steady")
                .contains("users (closed model): 4")
                .contains("output tokens/s (right axis)")
                .contains("errors/s")
                .doesNotContain("No time series for this scenario");
    }

    @Test
    void render_scenarioWithoutTimeSeries_saysWhy() throws IOException {
        RunResult run = run(List.of(Metric.of(
                "load.steady.throughput.rps", Unit.REQUESTS_PER_SECOND, Direction.HIGHER_IS_BETTER, 2, "load")));

        String html = render(new RunJudge().judge(run, null, null));

        assertThat(html).contains("No time series for this scenario").doesNotContain("over time, steady");
    }

    private static RunResult run(List<Metric> metrics) {
        return new RunResult(
                "r1", Instant.parse("2026-11-26T10:00:00Z"), Map.of(), metrics, RunStatus.VALID, List.of());
    }

    private static String render(Report report) throws IOException {
        StringWriter out = new StringWriter();
        ReportFormat.HTML.create().render(report, out);
        return out.toString();
    }
}
