package dev.ollamaperf.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.gate.Report;
import dev.ollamaperf.reports.model.RunResult;
import dev.ollamaperf.reports.read.RunReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens {@code index.html} in a real headless browser and checks what a person would see: the page's script
 * ran ({@code data-rendered="ok"}) without errors, the charts are there with drawn paths, the verdict is
 * shown. The screenshots are kept for a person to look at: {@code target/html-report.png} (viewport
 * 1366×900), {@code target/html-report-full.png} (the whole page) and {@code target/html-report-models.png}
 * (three models side by side).
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class HtmlReportBrowserTest {

  private static final Pattern PATH_D = Pattern.compile("<path class=\"(series|bar)\" d=\"([^\"]*)\"");

  @TempDir Path dir;

  @Test
  void render_fixtureRun_rendersChartsWithoutScriptErrors() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.require(Files.createDirectories(dir.resolve("profile")));
    Path run = Fixtures.copyRun(dir.resolve("run"));
    Report report = Fixtures.runReport(run);
    Path page = ReportFormat.HTML.writeTo(run, report);

    String dom = chromium.dumpDom(page);

    assertThat(dom).contains("data-rendered=\"ok\"").contains("data-errors=\"\"");
    assertThat(attribute(dom, "data-charts")).isGreaterThanOrEqualTo(8);
    assertThat(dom).contains("id=\"verdict\"").contains("<div class=\"big\">" + report.verdict().outcome().name());
    assertThat(count(dom, "<path class=\"series\"")).as("percentile curves").isGreaterThanOrEqualTo(3);
    Matcher paths = PATH_D.matcher(dom);
    int drawn = 0;
    while (paths.find()) {
      assertThat(paths.group(2)).as("path of a %s", paths.group(1)).matches("M[0-9. ]+( [LHVhvZ][-0-9. ]*)+.*");
      drawn++;
    }
    assertThat(drawn).isGreaterThan(20);
    assertThat(dom).contains("llama3.2:latest").contains("Time per operation").contains("Loaded size by model")
        .contains("Throughput over time, steady").contains("Active requests over time, steady")
        .contains("TTFT over time, steady");

    Path target = Path.of("target");
    Files.createDirectories(target);
    chromium.screenshot(page, target.resolve("html-report.png"), 1366, 900);
    chromium.screenshot(page, target.resolve("html-report-full.png"), 1366, 5200);
  }

  @Test
  void render_threeModels_drawsOneCurvePerModelInEveryLatencyChart() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.require(Files.createDirectories(dir.resolve("profile")));
    Path page = ReportFormat.HTML.writeTo(dir.resolve("models"), new dev.ollamaperf.reports.gate.Gate()
        .judge(Fixtures.threeModels(), null, null));

    String dom = chromium.dumpDom(page);

    assertThat(dom).contains("data-rendered=\"ok\"").contains("data-errors=\"\"");
    assertThat(count(dom, "<path class=\"series\"")).as("3 latency kinds x 3 models").isEqualTo(9);
    assertThat(count(dom, "<circle class=\"dot\"")).as("ttft.p95, e2e.p95, inter_token.p50 x 3 models").isEqualTo(9);
    assertThat(dom).contains("mistral:7b (n=800)").contains("target arrival rate");
    Files.createDirectories(Path.of("target"));
    chromium.screenshot(page, Path.of("target/html-report-models.png"), 1366, 3000);
  }

  @Test
  void render_runWithJmhOnly_degradesToMessagesWithoutErrors() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.require(Files.createDirectories(dir.resolve("profile")));
    Path run = Fixtures.copyRun(dir.resolve("run"));
    Files.delete(run.resolve("load/metrics.json"));
    Files.delete(run.resolve("load/server.json"));
    RunResult result = new RunReader().read(run);
    Path page = ReportFormat.HTML.writeTo(run, new dev.ollamaperf.reports.gate.Gate().judge(result, null, null));

    String dom = chromium.dumpDom(page);

    assertThat(dom).contains("data-rendered=\"ok\"").contains("data-errors=\"\"")
        .contains("This run has no load-test results").contains("No server information").contains("Time per operation");
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
