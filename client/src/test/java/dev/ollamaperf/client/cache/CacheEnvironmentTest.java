package dev.ollamaperf.client.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class CacheEnvironmentTest {

    private static final Path HOME = Path.of("/home/user");

    @Test
    void fromEnvironment_nothingSet_givesTheDocumentedDefaults() {
        CacheConfig config = CacheEnvironment.fromEnvironment(Map.of(), HOME);

        assertThat(config).isEqualTo(CacheConfig.defaults(HOME));
        assertThat(config.enabled()).isTrue();
        assertThat(config.path()).isEqualTo(Path.of("/home/user/.cache/ollama-perf/responses.db"));
        assertThat(config.memoryBytes()).isEqualTo(64L << 20);
        assertThat(config.maxDbBytes()).isEqualTo(1L << 30);
        assertThat(config.ttl()).isEqualTo(Duration.ofHours(24));
        assertThat(config.policy()).isEqualTo(CachePolicy.Mode.DETERMINISTIC_ONLY);
        assertThat(config.busyTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void fromEnvironment_everythingSet_readsEachVariable() {
        CacheConfig config = CacheEnvironment.fromEnvironment(
                Map.of(
                        "OLLAMA_CACHE_ENABLED", " \"false\" ",
                        "OLLAMA_CACHE_PATH", "~/responses.db",
                        "OLLAMA_CACHE_MEMORY_BYTES", "8m",
                        "OLLAMA_CACHE_MAX_DB_BYTES", "2GiB",
                        "OLLAMA_CACHE_TTL", "1h30m",
                        "OLLAMA_CACHE_POLICY", "always",
                        "OLLAMA_CACHE_BUSY_TIMEOUT", "250ms"),
                HOME);

        assertThat(config)
                .isEqualTo(new CacheConfig(
                        false,
                        Path.of("/home/user/responses.db"),
                        8L << 20,
                        2L << 30,
                        Duration.ofMinutes(90),
                        CachePolicy.Mode.ALWAYS,
                        Duration.ofMillis(250)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "OLLAMA_CACHE_ENABLED      | maybe | 'OLLAMA_CACHE_ENABLED' must be true or false (or 1/0, yes/no, on/off), got: 'maybe'",
                "OLLAMA_CACHE_MEMORY_BYTES | lots  | 'OLLAMA_CACHE_MEMORY_BYTES' must be a size in bytes with an optional k, m, g or t suffix (e.g. 64m), got: 'lots'",
                "OLLAMA_CACHE_MEMORY_BYTES | 32g   | 'OLLAMA_CACHE_MEMORY_BYTES' must be between 0 and 17179869184 bytes, got: 34359738368",
                "OLLAMA_CACHE_MAX_DB_BYTES | 1k    | 'OLLAMA_CACHE_MAX_DB_BYTES' must be between 65536 and 1099511627776 bytes, got: 1024",
                "OLLAMA_CACHE_TTL          | 3x    | 'OLLAMA_CACHE_TTL' must be seconds or a duration such as 90s, 30m, 24h, 7d or 1h30m, got: '3x'",
                "OLLAMA_CACHE_TTL          | 0     | 'OLLAMA_CACHE_TTL' must be between PT1S and PT87600H, got: PT0S",
                "OLLAMA_CACHE_POLICY       | some  | 'OLLAMA_CACHE_POLICY' must be always, deterministic or never, got: 'some'",
            })
    void fromEnvironment_badValue_failsNamingTheVariableTheRuleAndTheValue(String name, String value, String message) {
        assertThatThrownBy(() -> CacheEnvironment.fromEnvironment(Map.of(name, value), HOME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"1048576, 1048576", "64k, 65536", "64K, 65536", "3m, 3145728", "1g, 1073741824", "2 MiB, 2097152"})
    void parseSize_suffixes_areBinary(String text, long expected) {
        assertThat(CacheEnvironment.parseSize("X", text, 0)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"3600, PT1H", "90s, PT1M30S", "7d, PT168H", "1h30m, PT1H30M", "500ms, PT0.5S"})
    void parseDuration_forms_areSecondsOrGoUnits(String text, Duration expected) {
        assertThat(CacheEnvironment.parseDuration("X", text, Duration.ZERO)).isEqualTo(expected);
    }

    @Test
    void open_disabledConfig_givesTheNoOpCache() {
        try (ResponseCache cache =
                ResponseCache.open(CacheConfig.at(Path.of("/nonexistent/x.db")).withEnabled(false))) {
            var request = Fixtures.deterministicGenerate("hi");
            assertThat(cache.store(EndpointKind.GENERATE, request, Fixtures.generateAnswer(java.time.Instant.now())))
                    .isFalse();
            assertThat(cache.lookup(EndpointKind.GENERATE, request)).isEmpty();
            assertThat(cache.stats()).isEqualTo(CacheStats.DISABLED);
        }
    }
}
