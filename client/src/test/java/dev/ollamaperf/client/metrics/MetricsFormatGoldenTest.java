package dev.ollamaperf.client.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.client.error.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seals the rendered formats byte for byte. Changing a golden file under
 * {@code src/test/resources/dev/ollamaperf/client/metrics/} is a format change: the gateway's scrapers and any
 * dashboards read it. Rendered under two locales, since number formatting must not depend on them.
 */
final class MetricsFormatGoldenTest {

    /** Fixed input: no clock, no randomness. */
    static MetricsSnapshot fixture() {
        ClientMetrics m = new ClientMetrics();
        for (int i = 1; i <= 10; i++) {
            m.recordCall("llama3.2:latest", i * 100_000_000L, i * 10_000_000L, 40.0 + i);
        }
        m.recordCall("mistral:7b", 2_000_000_000L, -1, 0);
        m.recordQueueWait(0);
        m.recordQueueWait(5_000_000);
        m.recordError("llama3.2:latest", ErrorKind.SERVER_BUSY);
        m.recordError("mistral:7b", ErrorKind.TIMEOUT);
        m.onLookup(CacheMetricsListener.MEMORY, true);
        m.onLookup(CacheMetricsListener.MEMORY, false);
        m.onLookup(CacheMetricsListener.SQLITE, true);
        return m.snapshot();
    }

    /** The same, for a client over two nodes: one up with two calls, one out after a failed one. */
    static MetricsSnapshot fleetFixture() {
        ClientMetrics m = new ClientMetrics();
        m.recordCall("llama3.2:latest", 100_000_000L, 10_000_000L, 40.0);
        Histogram up = new Histogram(3_600_000_000_000L, 3);
        up.recordValue(100_000_000L);
        up.recordValue(300_000_000L);
        Map<String, NodeMetrics> nodes = new LinkedHashMap<>();
        nodes.put("http://gpu1:11434", new NodeMetrics("http://gpu1:11434", true, 1, 3, 0, Distribution.of(up)));
        nodes.put(
                "http://gpu2:11434",
                new NodeMetrics(
                        "http://gpu2:11434", false, 0, 1, 1, Distribution.of(new Histogram(3_600_000_000_000L, 3))));
        m.addNodeSource(() -> nodes);
        return m.snapshot();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({
        "PROMETHEUS, golden.prom, en-US",
        "PROMETHEUS, golden.prom, de-DE",
        "TEXT, golden.txt, en-US",
        "TEXT, golden.txt, fr-FR",
        "PROMETHEUS, golden-fleet.prom, en-US",
        "PROMETHEUS, golden-fleet.prom, de-DE",
        "TEXT, golden-fleet.txt, en-US",
        "TEXT, golden-fleet.txt, fr-FR"
    })
    void render_fixedSnapshot_matchesGoldenFile(MetricsFormat format, String golden, String locale) throws IOException {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag(locale));
            MetricsSnapshot snapshot = golden.contains("fleet") ? fleetFixture() : fixture();
            assertThat(format.render(snapshot)).isEqualTo(read(golden));
        } finally {
            Locale.setDefault(before);
        }
    }

    private static String read(String name) throws IOException {
        try (InputStream in = MetricsFormatGoldenTest.class.getResourceAsStream(name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
