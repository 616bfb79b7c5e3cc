package dev.ollamaperf.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.client.cache.CacheConfig;
import dev.ollamaperf.client.cache.CacheEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class OllamaClientConfigTest {

    @Test
    void fromEnvironment_empty_usesDocumentedDefaults() {
        OllamaClientConfig c = OllamaClientConfig.fromEnvironment(Map.of("HOME", "/home/u"));
        assertThat(c.endpoint().baseUrl()).isEqualTo("http://localhost:11434");
        assertThat(c.defaultModel()).isEqualTo("llama3.2:latest");
        assertThat(c.maxConcurrent()).isEqualTo(5);
        assertThat(c.cacheEnabled()).isTrue();
        assertThat(c.cachePath()).isEqualTo(Path.of("/home/u/.cache/ollama-perf/responses.db"));
        assertThat(c.modelsPath()).isNull();
        assertThat(c.rateLimit().enabled()).isFalse();
        assertThat(c.fallbackModels()).isEmpty();
        assertThat(c.retry().maxAttempts()).isEqualTo(3);
    }

    @ParameterizedTest(name = "OLLAMA_HOST={0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "gpu1|http://gpu1:11434",
                "gpu1:8080|http://gpu1:8080",
                "http://gpu1|http://gpu1:80",
                "https://gpu1|https://gpu1:443",
                "https://gpu1:8443/ollama/|https://gpu1:8443/ollama",
                "0.0.0.0|http://127.0.0.1:11434",
                "0.0.0.0:9999|http://127.0.0.1:9999",
                ":9999|http://127.0.0.1:9999",
                "[::1]:11435|http://[::1]:11435",
                "::1|http://[::1]:11434",
                "'  \"gpu2:1234\"  '|http://gpu2:1234",
            })
    void fromEnvironment_ollamaHostForms_resolveAsOllamaDoes(String host, String expected) {
        String value = host.startsWith("'") ? host.substring(1, host.length() - 1) : host;
        OllamaClientConfig c = OllamaClientConfig.fromEnvironment(Map.of("OLLAMA_HOST", value));
        assertThat(c.endpoint().baseUrl()).isEqualTo(expected);
    }

    @Test
    void fromEnvironment_endpointSet_winsOverHost() {
        OllamaClientConfig c =
                OllamaClientConfig.fromEnvironment(Map.of("OLLAMA_ENDPOINT", "http://a:1", "OLLAMA_HOST", "b:2"));
        assertThat(c.endpoint().baseUrl()).isEqualTo("http://a:1");
    }

    @Test
    void fromEnvironment_everySetting_isRead() {
        OllamaClientConfig c = OllamaClientConfig.fromEnvironment(Map.ofEntries(
                Map.entry("OLLAMA_DEFAULT_MODEL", "mistral:7b"),
                Map.entry("OLLAMA_MAX_CONCURRENT", "12"),
                Map.entry("OLLAMA_CACHE_ENABLED", "false"),
                Map.entry("OLLAMA_CACHE_PATH", "/tmp/c.db"),
                Map.entry("OLLAMA_MODELS_PATH", "/usr/share/ollama/.ollama/models"),
                Map.entry("OLLAMA_CONNECT_TIMEOUT", "2s"),
                Map.entry("OLLAMA_READ_TIMEOUT", "1m30s"),
                Map.entry("OLLAMA_CALL_TIMEOUT", "10m"),
                Map.entry("OLLAMA_LIMITER_WAIT", "250ms"),
                Map.entry("OLLAMA_RETRY_MAX_ATTEMPTS", "5"),
                Map.entry("OLLAMA_RETRY_INITIAL_BACKOFF", "50ms"),
                Map.entry("OLLAMA_RETRY_MAX_BACKOFF", "1s"),
                Map.entry("OLLAMA_RETRY_BUDGET", "20s"),
                Map.entry("OLLAMA_RATE_LIMIT", "2.5"),
                Map.entry("OLLAMA_RATE_BURST", "4"),
                Map.entry("OLLAMA_FALLBACK_MODELS", " llama3.1:8b , gemma2:latest,,")));
        assertThat(c.defaultModel()).isEqualTo("mistral:7b");
        assertThat(c.maxConcurrent()).isEqualTo(12);
        assertThat(c.cacheEnabled()).isFalse();
        assertThat(c.cachePath()).isEqualTo(Path.of("/tmp/c.db"));
        assertThat(c.modelsPath()).isEqualTo("/usr/share/ollama/.ollama/models");
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.callTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.limiterWait()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.retry())
                .isEqualTo(new RetrySettings(5, Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(20)));
        assertThat(c.rateLimit()).isEqualTo(new RateLimitSettings(2.5, 4));
        assertThat(c.fallbackModels()).containsExactly("llama3.1:8b", "gemma2:latest");
        assertThat(c.modelChain("mistral:7b")).containsExactly("mistral:7b", "llama3.1:8b", "gemma2:latest");
    }

    @Test
    void fromEnvironment_maxConcurrentZero_failsNamingSettingRuleAndValue() {
        assertThatThrownBy(() -> OllamaClientConfig.fromEnvironment(Map.of("OLLAMA_MAX_CONCURRENT", "0")))
                .hasMessage("'OLLAMA_MAX_CONCURRENT' must be between 1 and 1000, got: 0");
    }

    @Test
    void fromEnvironment_invalidValues_failWithNamedMessages() {
        assertThatThrownBy(() -> OllamaClientConfig.fromEnvironment(Map.of("OLLAMA_MAX_CONCURRENT", "five")))
                .hasMessageContaining("'OLLAMA_MAX_CONCURRENT' must be an integer")
                .hasMessageContaining("five");
        assertThatThrownBy(() -> OllamaClientConfig.fromEnvironment(Map.of("OLLAMA_CACHE_ENABLED", "maybe")))
                .hasMessage("'OLLAMA_CACHE_ENABLED' must be true or false (or 1/0, yes/no, on/off), got: 'maybe'");
        assertThatThrownBy(() -> OllamaClientConfig.fromEnvironment(Map.of("OLLAMA_READ_TIMEOUT", "30")))
                .hasMessageContaining("'OLLAMA_READ_TIMEOUT'")
                .hasMessageContaining("missing unit");
        assertThatThrownBy(() -> OllamaClientConfig.fromEnvironment(Map.of("OLLAMA_HOST", "ftp://x")))
                .hasMessageContaining("'OLLAMA_HOST' scheme must be http or https");
        assertThatThrownBy(() -> OllamaClientConfig.fromEnvironment(Map.of("OLLAMA_HOST", "x:70000")))
                .hasMessageContaining("'OLLAMA_HOST' port must be between 1 and 65535");
        assertThatThrownBy(() -> OllamaClientConfig.fromEnvironment(Map.of("OLLAMA_RETRY_MAX_ATTEMPTS", "11")))
                .hasMessage("'OLLAMA_RETRY_MAX_ATTEMPTS' must be between 1 and 10, got: 11");
    }

    @Test
    void builder_overridesAndToString_printsEverySetting() {
        OllamaClientConfig c = OllamaClientConfig.builder()
                .endpoint("http://127.0.0.1:1234")
                .maxConcurrent(7)
                .fallbackModels(List.of("b"))
                .build();
        assertThat(c.endpoint().isLoopback()).isTrue();
        assertThat(c.toString())
                .contains(
                        "http://127.0.0.1:1234",
                        "maxConcurrent=7",
                        "fallbackModels=[b]",
                        "defaultModel=llama3.2:latest",
                        "readTimeout=PT5M");
    }

    @Test
    void builder_readsNoEnvironment_defaultsOfAnEmptyEnvironmentWithTheCacheOff() {
        OllamaClientConfig built = OllamaClientConfig.builder().build();
        assertThat(built).isEqualTo(OllamaClientConfig.defaults());
        assertThat(built.cache()).isEqualTo(CacheConfig.disabled());
        assertThat(built.cacheEnabled()).isFalse();
        assertThat(OllamaClientConfig.fromEnvironment(Map.of("HOME", "/home/u")).toBuilder()
                        .noCache()
                        .build())
                .as("every other setting as with an empty environment")
                .isEqualTo(built);
    }

    @Test
    void builder_cachePathOrCache_switchesTheCacheOn() {
        assertThat(OllamaClientConfig.builder()
                        .cachePath(Path.of("/tmp/a.db"))
                        .build()
                        .cache())
                .isEqualTo(CacheConfig.at(Path.of("/tmp/a.db")));
        CacheConfig custom = CacheConfig.at(Path.of("/tmp/b.db")).withTtl(Duration.ofMinutes(5));
        assertThat(OllamaClientConfig.builder().cache(custom).build().cache()).isEqualTo(custom);
        assertThat(OllamaClientConfig.builder().cache(custom).noCache().build().cacheEnabled())
                .isFalse();
    }

    @Test
    void fromEnvironment_cacheVariables_areReadAsTheCacheReadsThem() {
        Map<String, String> env = Map.of(
                "HOME",
                "/home/u",
                "OLLAMA_CACHE_PATH",
                "~/c.db",
                "OLLAMA_CACHE_ENABLED",
                "off",
                "OLLAMA_CACHE_TTL",
                "7d");
        OllamaClientConfig c = OllamaClientConfig.fromEnvironment(env);
        assertThat(c.cache()).isEqualTo(CacheEnvironment.fromEnvironment(env, Path.of("/home/u")));
        assertThat(c.cachePath()).isEqualTo(Path.of("/home/u/c.db"));
        assertThat(c.cacheEnabled()).isFalse();
    }

    @Test
    void endpoint_remoteHost_isNotLoopback() {
        assertThat(Endpoint.parse("X", "gpu1.example:11434").isLoopback()).isFalse();
        assertThat(Endpoint.parse("X", "localhost").isLoopback()).isTrue();
        assertThat(Endpoint.parse("X", "10.0.0.3").isLoopback()).isFalse();
    }
}
