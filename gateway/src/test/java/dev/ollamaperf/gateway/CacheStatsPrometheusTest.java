package dev.ollamaperf.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.client.cache.CacheStats;
import dev.ollamaperf.client.cache.TierStats;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seals the cache part of {@code GET /metrics}. Changing {@code golden.cache-stats.prom} is a format change:
 * dashboards and alerts read these names.
 */
final class CacheStatsPrometheusTest {

    @ParameterizedTest
    @ValueSource(strings = {"en-US", "de-DE", "ar-EG"})
    void render_fixedStats_matchesTheGoldenFileInAnyLocale(String locale) throws Exception {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag(locale));
            CacheStats stats = new CacheStats(
                    new TierStats(1200, 345, 400, 12, 3, 0, 388, 52_428_800L),
                    new TierStats(300, 45, 350, 7, 2, 1, 9876, 1_234_567_890L),
                    4321,
                    true);

            assertThat(CacheStatsPrometheus.render(stats)).isEqualTo(golden());
        } finally {
            Locale.setDefault(before);
        }
    }

    private static String golden() throws Exception {
        try (InputStream in = CacheStatsPrometheusTest.class.getResourceAsStream("golden.cache-stats.prom")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
