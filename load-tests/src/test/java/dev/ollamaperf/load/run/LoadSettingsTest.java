package dev.ollamaperf.load.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.load.protocol.OllamaApi;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every load setting has a default from the Ollama environment and a clear error for a bad value. */
final class LoadSettingsTest {

    @Test
    void from_nothingSet_usesTheApplicationsEnvironmentForDefaults() {
        LoadSettings settings =
                LoadSettings.from(Map.of(), Map.of("OLLAMA_DEFAULT_MODEL", "mistral:7b", "OLLAMA_MAX_CONCURRENT", "3"));

        assertThat(settings.models()).containsExactly("mistral:7b");
        assertThat(settings.users()).isEqualTo(3);
        assertThat(settings.api()).isEqualTo(OllamaApi.CHAT);
        assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.throughGateway()).isFalse();
        assertThat(settings.asMap()).containsEntry("ollama.perf.api", "chat").containsEntry("ollama.perf.users", "3");
    }

    @Test
    void from_values_parsesDurationsListsAndChoices() {
        LoadSettings settings = LoadSettings.from(
                Map.of(
                        "ollama.perf.models",
                        "a, b ,c",
                        "ollama.perf.duration",
                        "500ms",
                        "ollama.perf.api",
                        "openai",
                        "ollama.perf.mode",
                        "gateway",
                        "ollama.perf.objective.ttft",
                        "PT1.5S"),
                Map.of());

        assertThat(settings.models()).containsExactly("a", "b", "c");
        assertThat(settings.duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.api()).isEqualTo(OllamaApi.OPENAI_CHAT);
        assertThat(settings.throughGateway()).isTrue();
        assertThat(settings.maxTtft()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void from_pairedWithJvmOptions_goesThroughTheIntegrationAndSplitsTheOptions() {
        LoadSettings settings = LoadSettings.from(
                Map.of(
                        "ollama.perf.mode",
                        "paired",
                        "ollama.perf.integrationJvmOptions",
                        " -Xmx256m  -XX:+UseSerialGC "),
                Map.of());

        assertThat(settings.mode()).isEqualTo(LoadMode.PAIRED);
        assertThat(settings.throughGateway()).isTrue();
        assertThat(settings.integrationJvmOptions()).containsExactly("-Xmx256m", "-XX:+UseSerialGC");
        assertThat(settings.asMap()).containsEntry("ollama.perf.mode", "paired");
    }

    @Test
    void integrationEnvironment_propertiesOverrideTheEnvironmentForTheIntegrationOnly() {
        Map<String, String> env = Scenarios.integrationEnvironment(
                Map.of("OLLAMA_MAX_CONCURRENT", "5", "HOME", "/home/a"),
                Map.of("ollama.perf.integration.env.OLLAMA_MAX_CONCURRENT", "1", "ollama.perf.users", "3"));

        assertThat(env)
                .containsEntry("OLLAMA_MAX_CONCURRENT", "1")
                .containsEntry("HOME", "/home/a")
                .hasSize(2);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ollama.perf.users|0|'ollama.perf.users' must be between 1 and 10000, got: 0",
                "ollama.perf.users|many|'ollama.perf.users' must be a whole number, got: many",
                "ollama.perf.rate|0|'ollama.perf.rate' must be between 0 (exclusive) and 10000, got: 0.0",
                "ollama.perf.duration|30|'ollama.perf.duration' must be a duration such as 30s, 500ms, 2m or PT30S, got: 30",
                "ollama.perf.api|grpc|'ollama.perf.api' must be chat, generate or openai, got: grpc",
                "ollama.perf.mode|proxy|'ollama.perf.mode' must be one of direct, gateway, paired, got: proxy",
                "ollama.perf.stream|yes|'ollama.perf.stream' must be true or false, got: yes",
                "ollama.perf.repeatShare|1.5|'ollama.perf.repeatShare' must be between 0 and 1, got: 1.5",
                "ollama.perf.models|' , '|'ollama.perf.models' must name at least one model",
                "ollama.perf.think|maybe|'ollama.perf.think' must be true, false, low, medium, high or max (or unset,"
                        + " to leave think out), got: maybe",
                "ollama.perf.injector|0/2|'ollama.perf.injector' must be K/N, injector K of N with 1 <= K <= N (e.g."
                        + " 1/2), got: 0/2",
                "ollama.perf.injector|3/2|'ollama.perf.injector' must be K/N, injector K of N with 1 <= K <= N (e.g."
                        + " 1/2), got: 3/2",
                "ollama.perf.injector|x|'ollama.perf.injector' must be K/N, injector K of N with 1 <= K <= N (e.g."
                        + " 1/2), got: x",
                "ollama.perf.startAt|9am|'ollama.perf.startAt' must be an instant in UTC such as 2026-12-07T09:00:00Z,"
                        + " got: 9am",
                "ollama.perf.seed|s|'ollama.perf.seed' must be a whole number, got: s",
                "ollama.perf.maxGcShare|0|'ollama.perf.maxGcShare' must be between 0 (exclusive) and 1, got: 0.0"
            })
    void from_badValue_failsNamingTheSettingTheRuleAndTheValue(String name, String value, String message) {
        assertThatThrownBy(() -> LoadSettings.from(Map.of(name, value), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
