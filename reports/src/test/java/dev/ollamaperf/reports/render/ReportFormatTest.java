package dev.ollamaperf.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.gate.GateOutcome;
import dev.ollamaperf.reports.gate.Report;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden-file tests of every {@link ReportFormat}: a fixed, seeded report ({@link ReportFixture}) rendered
 * under several default locales must equal {@code src/test/resources/dev/ollamaperf/reports/render/golden.<ext>}
 * byte for byte.
 *
 * <p><b>Changing a golden file is a format change</b>: CI tools, the history and the HTML report read these
 * files. Regenerate deliberately with {@code -Dgolden.update=true} (run from the {@code reports} folder),
 * review the diff, and say so in the change description.
 */
@Timeout(30)
final class ReportFormatTest {

    @TempDir
    Path dir;

    static Stream<Arguments> formatsAndLocales() {
        return Stream.of(ReportFormat.values())
                .flatMap(f -> Stream.of(Locale.US, Locale.GERMANY, Locale.forLanguageTag("tr-TR"))
                        .map(l -> Arguments.of(f, l)));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("formatsAndLocales")
    void render_fixedReport_matchesGoldenFile(ReportFormat format, Locale locale) throws IOException {
        String rendered = renderUnder(format, locale);
        String golden = "golden." + extension(format);
        if (Boolean.getBoolean("golden.update") && locale.equals(Locale.US)) {
            Files.writeString(Path.of("src/test/resources/dev/ollamaperf/reports/render", golden), rendered);
        }
        try (InputStream in = getClass().getResourceAsStream(golden)) {
            assertThat(in).as("golden file %s", golden).isNotNull();
            assertThat(rendered).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void report_seededFixture_exercisesEveryOutcome() {
        Report report = ReportFixture.report();

        assertThat(report.verdict().outcome()).isEqualTo(GateOutcome.FAIL);
        assertThat(report.budgets()).extracting(r -> r.outcome().name()).contains("PASS", "FAIL", "WARN", "SKIPPED");
    }

    @Test
    void writeTo_junitXml_isWellFormedWithConsistentCounts() throws Exception {
        Path file = ReportFormat.JUNIT_XML.writeTo(dir, ReportFixture.report());

        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        var suite = doc.getDocumentElement();
        assertThat(suite.getAttribute("failures")).isNotEqualTo("0");
        assertThat(doc.getElementsByTagName("testcase").getLength())
                .isEqualTo(Integer.parseInt(suite.getAttribute("tests")));
        assertThat(doc.getElementsByTagName("failure").getLength())
                .isEqualTo(Integer.parseInt(suite.getAttribute("failures")));
    }

    @Test
    void writeTo_json_isValidJsonWithEveryMetric() throws IOException {
        Path file = ReportFormat.JSON.writeTo(dir, ReportFixture.report());

        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        assertThat(tree.path("metrics").size())
                .isEqualTo(ReportFixture.report().run().metrics().size());
        assertThat(tree.path("verdict").path("exit_code").asInt()).isEqualTo(1);
    }

    private static String renderUnder(ReportFormat format, Locale locale) throws IOException {
        Locale saved = Locale.getDefault();
        Locale.setDefault(locale);
        try {
            StringWriter out = new StringWriter();
            format.create().render(ReportFixture.report(), out);
            return out.toString();
        } finally {
            Locale.setDefault(saved);
        }
    }

    private static String extension(ReportFormat format) {
        return switch (format) {
            case JSON -> "json";
            case JUNIT_XML -> "xml";
            case MARKDOWN -> "md";
            case HTML -> "html";
        };
    }
}
