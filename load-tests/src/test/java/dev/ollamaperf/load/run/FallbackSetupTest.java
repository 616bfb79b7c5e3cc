package dev.ollamaperf.load.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class FallbackSetupTest {

    @Test
    void from_nothingSet_pairsConfiguresTheFallbackAndFailsThePrimaryOnTheEmbeddedEmulator() {
        FallbackSetup setup = FallbackSetup.from(Map.of(), Map.of());

        assertThat(setup.primary()).isEqualTo("llama3.2:latest");
        assertThat(setup.fallbackModel()).isEqualTo(FallbackSetup.DEFAULT_FALLBACK_MODEL);
        assertThat(setup.properties())
                .containsEntry("ollama.perf.mode", "paired")
                .containsEntry("ollama.perf.integration.env.OLLAMA_FALLBACK_MODELS", "gemma3:latest")
                .containsEntry(LoadTarget.EMULATOR_FAULTS, "fail=llama3.2:latest");
        assertThat(setup.toString())
                .isEqualTo("primary llama3.2:latest (fails), fallback gemma3:latest; integration"
                        + " OLLAMA_FALLBACK_MODELS=gemma3:latest; emulator faults: fail=llama3.2:latest");
    }

    @Test
    void from_userSettings_keepsThemAndAddsOnlyThePrimarysFailure() {
        FallbackSetup setup = FallbackSetup.from(
                Map.of(
                        "ollama.perf.mode",
                        "gateway",
                        "ollama.perf.integration.env.OLLAMA_FALLBACK_MODELS",
                        "",
                        LoadTarget.EMULATOR_FAULTS,
                        "spike=0.1:5ms"),
                Map.of());

        assertThat(setup.properties())
                .containsEntry("ollama.perf.mode", "gateway")
                .containsEntry("ollama.perf.integration.env.OLLAMA_FALLBACK_MODELS", "")
                .containsEntry(LoadTarget.EMULATOR_FAULTS, "spike=0.1:5ms,fail=llama3.2:latest");
    }

    @Test
    void from_anEndpointAndTheVariableInTheEnvironment_injectsNoFaultAndLeavesTheVariable() {
        FallbackSetup setup = FallbackSetup.from(
                Map.of(), Map.of("OLLAMA_HOST", "127.0.0.1:11434", "OLLAMA_FALLBACK_MODELS", "tiny"));

        assertThat(setup.properties())
                .doesNotContainKey(LoadTarget.EMULATOR_FAULTS)
                .doesNotContainKey("ollama.perf.integration.env.OLLAMA_FALLBACK_MODELS");
    }

    @Test
    void from_fallbackModelIsThePrimary_failsNamingTheSetting() {
        assertThatThrownBy(() -> FallbackSetup.from(Map.of("ollama.perf.fallbackModel", "llama3.2:latest"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'ollama.perf.fallbackModel' must differ from the primary model (the first of"
                        + " 'ollama.perf.models'), got: llama3.2:latest for both");
    }
}
