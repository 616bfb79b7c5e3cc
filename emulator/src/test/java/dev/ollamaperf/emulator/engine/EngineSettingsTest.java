package dev.ollamaperf.emulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ollama's environment parsing rules, defaults and builder validation. */
final class EngineSettingsTest {

    @Test
    void defaults_areOllamas() {
        EngineSettings settings = EngineSettings.defaults();

        assertThat(settings.numParallel()).isEqualTo(1);
        assertThat(settings.maxQueue()).isEqualTo(512);
        assertThat(settings.maxLoadedModels()).isZero();
        assertThat(settings.effectiveMaxLoadedModels()).isEqualTo(3);
        assertThat(settings.defaultKeepAlive()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.effectiveContextLength()).isEqualTo(4096);
        assertThat(settings.faults()).isEqualTo(FaultPlan.NONE);
        assertThat(settings.warnings()).isEmpty();
        assertThat(settings.toString()).contains("OLLAMA_NUM_PARALLEL=1", "OLLAMA_KEEP_ALIVE=5m0s", "faults=none");
    }

    @Test
    void fromEnvironment_allSet_readsEveryVariable() {
        EngineSettings settings = EngineSettings.fromEnvironment(Map.of(
                "OLLAMA_NUM_PARALLEL",
                "4",
                "OLLAMA_MAX_QUEUE",
                " 128 ",
                "OLLAMA_MAX_LOADED_MODELS",
                "\"2\"",
                "OLLAMA_KEEP_ALIVE",
                "'10m'",
                "OLLAMA_CONTEXT_LENGTH",
                "8192",
                "OLLAMA_UNRELATED",
                "x"));

        assertThat(settings.numParallel()).isEqualTo(4);
        assertThat(settings.maxQueue()).isEqualTo(128);
        assertThat(settings.maxLoadedModels()).isEqualTo(2);
        assertThat(settings.defaultKeepAlive()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.contextLength()).isEqualTo(8192);
        assertThat(settings.warnings()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"10m, PT10M", "3600, PT1H", "1h30m, PT1H30M", "0, PT0S", "\"5m\", PT5M", "' 20s ', PT20S", "'', PT5M"})
    void fromEnvironment_keepAliveForms_parseLikeOllama(String value, String expected) {
        EngineSettings settings = EngineSettings.fromEnvironment(Map.of("OLLAMA_KEEP_ALIVE", value));

        assertThat(settings.defaultKeepAlive()).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"-1", "-1m", "-5"})
    void fromEnvironment_negativeKeepAlive_meansForever(String value) {
        EngineSettings settings = EngineSettings.fromEnvironment(Map.of("OLLAMA_KEEP_ALIVE", value));

        assertThat(settings.defaultKeepAlive()).isEqualTo(GoDuration.FOREVER);
        assertThat(settings.toString()).contains("OLLAMA_KEEP_ALIVE=forever");
    }

    @Test
    void fromEnvironment_badValues_fallBackToDefaultsWithWarnings() {
        EngineSettings settings = EngineSettings.fromEnvironment(Map.of(
                "OLLAMA_NUM_PARALLEL",
                "four",
                "OLLAMA_MAX_QUEUE",
                "-3",
                "OLLAMA_KEEP_ALIVE",
                "soon",
                "OLLAMA_CONTEXT_LENGTH",
                "99999999999"));

        assertThat(settings.numParallel()).isEqualTo(1);
        assertThat(settings.maxQueue()).isEqualTo(512);
        assertThat(settings.defaultKeepAlive()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.contextLength()).isZero();
        assertThat(settings.warnings()).hasSize(4);
        assertThat(settings.warnings().get(0))
                .isEqualTo("invalid environment variable, using default: 'OLLAMA_NUM_PARALLEL' must be a whole"
                        + " number of 0 or more, got: \"four\"; default: 1");
        assertThat(String.join("\n", settings.warnings()))
                .contains("'OLLAMA_MAX_QUEUE'", "\"-3\"", "'OLLAMA_KEEP_ALIVE'", "\"soon\"", "'OLLAMA_CONTEXT_LENGTH'");
    }

    @Test
    void fromEnvironment_numParallelZero_meansOne() {
        assertThat(EngineSettings.fromEnvironment(Map.of("OLLAMA_NUM_PARALLEL", "0"))
                        .numParallel())
                .isEqualTo(1);
    }

    @Test
    void builder_outOfRange_failsNamingTheSettingAndValue() {
        assertThatThrownBy(() -> EngineSettings.builder().numParallel(0))
                .hasMessage("'numParallel' must be 1 or more, got: 0");
        assertThatThrownBy(() -> EngineSettings.builder().maxQueue(-1))
                .hasMessage("'maxQueue' must be 0 or more, got: -1");
        assertThatThrownBy(() -> EngineSettings.builder().maxLoadedModels(-2))
                .hasMessage("'maxLoadedModels' must be 0 or more, got: -2");
        assertThatThrownBy(() -> EngineSettings.builder().contextLength(-4))
                .hasMessage("'contextLength' must be 0 or more, got: -4");
    }

    @Test
    void toBuilder_copiesEverySetting() {
        EngineSettings original = EngineSettings.builder()
                .numParallel(3)
                .maxQueue(7)
                .maxLoadedModels(2)
                .defaultKeepAlive(Duration.ofSeconds(9))
                .contextLength(2048)
                .seed(5)
                .faults(FaultPlan.parse("error=0.5"))
                .build();

        EngineSettings copy = original.toBuilder().build();

        assertThat(copy.toString()).isEqualTo(original.toString());
        assertThat(copy.seed()).isEqualTo(5);
    }
}
