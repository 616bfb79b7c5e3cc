package dev.ollamaperf.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.capacity.CapacityAnalysis;
import dev.ollamaperf.reports.capacity.CapacityAnalyzer;
import dev.ollamaperf.reports.capacity.CapacityOptions;
import dev.ollamaperf.reports.capacity.CapacityStep;
import dev.ollamaperf.reports.capacity.LatencySummary;
import dev.ollamaperf.reports.gate.Report;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.read.RunReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens {@code index.html} in a real headless browser and checks what a person would see: the page's script
 * ran ({@code data-rendered="ok"}) without errors, the charts are there with drawn paths, the verdict is
 * shown; on a first run, the skipped budget checks are folded so the charts start on the first screen. The
 * screenshots are kept for a person to look at: {@code target/html-report.png} (viewport 1366×900),
 * {@code target/html-report-full.png} (the whole page), {@code target/html-report-models.png} (three models side
 * by side), {@code target/html-report-integration.png} (a paired run: what the integration adds),
 * {@code target/html-report-first-run.png} (a first run, viewport) and {@code target/capacity-flat.png}
 * (capacity.html of a flat, noisy sweep: throughput axis from 0, steps apart, legend at text size).
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class HtmlReportBrowserTest {

    private static final Pattern PATH_D = Pattern.compile("<path class=\"(series|bar)\" d=\"([^\"]*)\"");

    @TempDir
    Path dir;

    @Test
    void render_fixtureRun_rendersChartsWithoutScriptErrors() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require(Files.createDirectories(dir.resolve("profile")));
        Path run = Fixtures.copyRun(dir.resolve("run"));
        Report report = Fixtures.runReport(run);
        Path page = ReportFormat.HTML.writeTo(run, report);

        String dom = chromium.dumpDom(page);

        assertThat(dom).contains("data-rendered=\"ok\"").contains("data-errors=\"\"");
        assertThat(attribute(dom, "data-charts")).isGreaterThanOrEqualTo(8);
        assertThat(dom)
                .contains("id=\"verdict\"")
                .contains("<div class=\"big\">" + report.verdict().outcome().name());
        assertThat(count(dom, "<path class=\"series\"")).as("percentile curves").isGreaterThanOrEqualTo(3);
        Matcher paths = PATH_D.matcher(dom);
        int drawn = 0;
        while (paths.find()) {
            assertThat(paths.group(2)).as("path of a %s", paths.group(1)).matches("M[0-9. ]+( [LHVhvZ][-0-9. ]*)+.*");
            drawn++;
        }
        assertThat(drawn).isGreaterThan(20);
        assertThat(dom)
                .contains("llama3.2:latest")
                .contains("Time per operation")
                .contains("Loaded size by model")
                .contains("Throughput over time, steady")
                .contains("Active requests over time, steady")
                .contains("TTFT over time, steady");

        Path target = Path.of("target");
        Files.createDirectories(target);
        chromium.screenshot(page, target.resolve("html-report.png"), 1366, 900);
        chromium.screenshot(page, target.resolve("html-report-full.png"), 1366, 5200);
    }

    @Test
    void render_threeModels_drawsOneCurvePerModelInEveryLatencyChart() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require(Files.createDirectories(dir.resolve("profile")));
        Path page = ReportFormat.HTML.writeTo(
                dir.resolve("models"),
                new dev.ollamaperf.reports.gate.RunJudge().judge(Fixtures.threeModels(), null, null));

        String dom = chromium.dumpDom(page);

        assertThat(dom).contains("data-rendered=\"ok\"").contains("data-errors=\"\"");
        assertThat(count(dom, "<path class=\"series\""))
                .as("3 latency kinds x 3 models")
                .isEqualTo(9);
        assertThat(count(dom, "<circle class=\"dot\""))
                .as("ttft.p95, e2e.p95, inter_token.p50 x 3 models")
                .isEqualTo(9);
        assertThat(dom).contains("mistral:7b (n=800)").contains("target arrival rate");
        Files.createDirectories(Path.of("target"));
        chromium.screenshot(page, Path.of("target/html-report-models.png"), 1366, 3000);
    }

    @Test
    void render_pairedRun_showsWhatTheIntegrationAddsWithItsNumbers() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require(Files.createDirectories(dir.resolve("profile")));
        Path page = ReportFormat.HTML.writeTo(
                dir.resolve("paired"),
                new dev.ollamaperf.reports.gate.RunJudge()
                        .judge(dev.ollamaperf.reports.read.PairedRunFixture.run(), null, null));
        String script = String.join(
                "\n",
                "<script>(function(){",
                "var s=document.getElementById('integration-steady');",
                "var shown=s&&(s.checkVisibility?s.checkVisibility():s.getClientRects().length>0);",
                "document.body.setAttribute('data-test-integration-shown',String(shown));",
                "document.body.setAttribute('data-test-integration-text',s?s.innerText.replace(/\\s+/g,' '):'');",
                "})();</script>");
        Path measured = page.resolveSibling("measured.html");
        Files.writeString(measured, Files.readString(page).replace("</body></html>", script + "\n</body></html>"));

        String dom = chromium.dumpDom(measured);

        assertThat(dom).contains("data-rendered=\"ok\"").contains("data-errors=\"\"");
        assertThat(textAttribute(dom, "data-test-integration-shown")).isEqualTo("true");
        assertThat(textAttribute(dom, "data-test-integration-text"))
                .contains("What the integration adds: steady")
                .contains("+2.95 ms")
                .contains("[2.5, 3.4] ms")
                .contains("300.2 ms")
                .contains("303 ms")
                .contains("20% of 20 requests")
                .contains("13 MiB")
                .contains("150 MiB")
                .contains("Integration JVM memory over time, steady");
        Files.createDirectories(Path.of("target"));
        chromium.screenshot(page, Path.of("target/html-report-integration.png"), 1366, 3300);
    }

    @Test
    void render_runWithJmhOnly_degradesToMessagesWithoutErrors() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require(Files.createDirectories(dir.resolve("profile")));
        Path run = Fixtures.copyRun(dir.resolve("run"));
        Files.delete(run.resolve("load/metrics.json"));
        Files.delete(run.resolve("load/server.json"));
        RunResult result = new RunReader().read(run);
        Path page =
                ReportFormat.HTML.writeTo(run, new dev.ollamaperf.reports.gate.RunJudge().judge(result, null, null));

        String dom = chromium.dumpDom(page);

        assertThat(dom)
                .contains("data-rendered=\"ok\"")
                .contains("data-errors=\"\"")
                .contains("This run has no load-test results")
                .contains("No server information")
                .contains("Time per operation");
    }

    @Test
    void render_firstRun_foldsSkippedChecksSoTheChartsStartOnTheFirstScreen() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require(Files.createDirectories(dir.resolve("profile")));
        Path run = Fixtures.copyRun(dir.resolve("run"));
        Path page = ReportFormat.HTML.writeTo(run, Fixtures.firstRunReport(run));

        String dom = chromium.dumpDom(measuring(page), 1366, 900);

        assertThat(dom).contains("data-rendered=\"ok\"").contains("data-errors=\"\"");
        assertThat(attribute(dom, "data-test-skipped-rows")).isEqualTo(81);
        assertThat(attribute(dom, "data-test-skipped-shown"))
                .as("skipped rows a person sees")
                .isZero();
        assertThat(attribute(dom, "data-test-summaries-shown"))
                .as("folded lines a person sees")
                .isEqualTo(1);
        assertThat(dom).contains("81 tolerance checks wait for a baseline (this run had none)");
        assertThat(textAttribute(dom, "data-test-rows-shown").split(" "))
                .as("budget rows a person sees, in order")
                .containsSubsequence("fail", "warn", "pass")
                .doesNotContain("skipped")
                .isSortedAccordingTo(java.util.Comparator.comparingInt(List.of("fail", "warn", "pass")::indexOf));
        assertThat(attribute(dom, "data-test-chart-top"))
                .as("top of the first chart in a 1366x900 window, px")
                .isLessThan(900);
        assertThat(attribute(dom, "data-test-skipped-shown-open"))
                .as("skipped rows once the line is opened")
                .isEqualTo(81);
        assertThat(attribute(dom, "data-test-chart-top-open"))
                .as("the first chart, had the rows been listed")
                .isGreaterThan(900);

        Files.createDirectories(Path.of("target"));
        chromium.screenshot(page, Path.of("target/html-report-first-run.png"), 1366, 900);
    }

    @Test
    void render_capacityFlatNoisyThroughput_axisFromZeroPointsApartLegendAtTextSize() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require(Files.createDirectories(dir.resolve("profile")));
        // The sweep: 0.62, 0.51, 0.58, 0.70 req/s at 1..4 users, a flat curve that the old chart (x =
        // throughput, from 0) drew as four points on top of each other.
        double[] rates = {0.62, 0.51, 0.58, 0.70};
        double[] waits = {0, 2, 1367, 2700};
        List<CapacityStep> steps = new java.util.ArrayList<>();
        for (int i = 0; i < rates.length; i++) {
            List<Double> samples = new java.util.ArrayList<>();
            long total = Math.round(rates[i] * 30);
            for (int t = 0; t < 30; t++) {
                samples.add((double) (Math.round((double) total * (t + 1) / 30) - Math.round((double) total * t / 30)));
            }
            double e2e = (i + 1) * 1000 / rates[i];
            steps.add(new CapacityStep(
                    String.format("capacity_c%03d", i + 1),
                    i + 1,
                    30,
                    total,
                    total,
                    total,
                    total * 50,
                    40,
                    java.util.Map.of(
                            "e2e", flat(total, e2e), "ttft", flat(total, e2e / 4), "slot_wait", flat(total, waits[i])),
                    0,
                    true,
                    samples));
        }
        CapacityAnalysis analysis =
                new CapacityAnalyzer().analyse("flat", steps, null, java.util.Map.of(), CapacityOptions.defaults());
        Path page = dir.resolve("capacity.html");
        CapacityPage.write(analysis, page);
        String script = String.join(
                "\n",
                "<script>(function(){",
                "var b=document.body;var svg=document.querySelector('svg.capacity.throughput');",
                "var ticks=Array.prototype.slice.call(svg.querySelectorAll('text.tick.y'));",
                "ticks.sort(function(p,q){return q.getBoundingClientRect().top-p.getBoundingClientRect().top;});",
                "b.setAttribute('data-test-y-lowest',ticks[0].textContent);",
                "var xs=Array.prototype.map.call(svg.querySelectorAll('circle'),function(c){var r=c.getBoundingClientRect();"
                        + "return r.left+r.width/2;}).sort(function(p,q){return p-q;});",
                "var gap=1e9;for(var i=1;i<xs.length;i++){gap=Math.min(gap,xs[i]-xs[i-1]);}",
                "b.setAttribute('data-test-points',String(xs.length));b.setAttribute('data-test-min-gap',String(Math.round(gap)));",
                "var legend=svg.querySelector('text.legend').getBoundingClientRect().height;",
                "var cell=parseFloat(getComputedStyle(document.querySelector('td')).fontSize);",
                "b.setAttribute('data-test-legend-px',String(Math.round(legend)));",
                "b.setAttribute('data-test-table-px',String(Math.round(cell)));",
                "})();</script>");
        Path measured = dir.resolve("capacity-measured.html");
        Files.writeString(measured, Files.readString(page).replace("</body></html>", script + "\n</body></html>"));

        String dom = chromium.dumpDom(measured, 1366, 900);

        assertThat(dom)
                .contains("data-rendered=\"ok\"")
                .contains("data-errors=\"\"")
                .contains("knee inconclusive");
        assertThat(textAttribute(dom, "data-test-y-lowest"))
                .as("lowest tick of the throughput axis")
                .isEqualTo("0");
        assertThat(attribute(dom, "data-test-points")).isEqualTo(4);
        assertThat(attribute(dom, "data-test-min-gap"))
                .as("px between neighbouring steps")
                .isGreaterThan(40);
        assertThat(attribute(dom, "data-test-legend-px"))
                .as("legend text height, px")
                .isLessThanOrEqualTo(2 * attribute(dom, "data-test-table-px"));
        Files.createDirectories(Path.of("target"));
        chromium.screenshot(page, Path.of("target/capacity-flat.png"), 1366, 1100);
    }

    private static LatencySummary flat(long count, double ms) {
        return new LatencySummary(count, ms, ms, ms, ms, ms, ms);
    }

    /**
     * Writes a copy of {@code page} with a script at the end that measures what a person sees and records it in
     * {@code data-test-*} attributes of the body: the budget rows shown, the folded lines shown, the top of the
     * first chart; then it opens the folded lines and measures again.
     */
    private static Path measuring(Path page) throws java.io.IOException {
        String script = String.join(
                "\n",
                "<script>(function(){",
                "var b=document.body;",
                "function shown(e){return e.checkVisibility?e.checkVisibility():e.getClientRects().length>0;}",
                "function count(list){return Array.prototype.filter.call(list,shown).length;}",
                "function top(e){return Math.round(e.getBoundingClientRect().top+window.scrollY);}",
                "var skipped=document.querySelectorAll('#budgets tr.skipped');var chart=document.querySelector('svg.chart');",
                "b.setAttribute('data-test-skipped-rows',String(skipped.length));",
                "b.setAttribute('data-test-skipped-shown',String(count(skipped)));",
                "b.setAttribute('data-test-rows-shown',Array.prototype.filter.call(document.querySelectorAll('#budgets tbody tr'),"
                        + "shown).map(function(r){return r.className;}).join(' '));",
                "b.setAttribute('data-test-summaries-shown',String(count(document.querySelectorAll('#budgets details>summary'))));",
                "b.setAttribute('data-test-chart-top',String(top(chart)));",
                "document.querySelectorAll('#budgets details').forEach(function(d){d.open=true;});",
                "b.setAttribute('data-test-skipped-shown-open',String(count(skipped)));",
                "b.setAttribute('data-test-chart-top-open',String(top(chart)));",
                "})();</script>");
        String html = Files.readString(page);
        Path measured = page.resolveSibling("measured.html");
        Files.writeString(measured, html.replace("</body></html>", script + "\n</body></html>"));
        return measured;
    }

    private static String textAttribute(String dom, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom);
        assertThat(m.find()).as("attribute %s in the DOM", name).isTrue();
        return m.group(1);
    }

    private static int attribute(String dom, String name) {
        Matcher m = Pattern.compile(name + "=\"(\\d+)\"").matcher(dom);
        assertThat(m.find()).as("attribute %s in the DOM", name).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
