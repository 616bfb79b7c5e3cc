package dev.ollamaperf.emulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelCatalogue#write}: one format, written and read by the same code. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class ProfileFileWriteTest {

    @Test
    void write_builtInCatalogue_readsBackToEqualProfiles(@TempDir Path dir) {
        Path file = dir.resolve("profiles.json");
        List<ModelProfile> profiles = ModelCatalogue.builtIn().all();
        assertThat(profiles)
                .as("the thinking fields are in the round trip")
                .anyMatch(p -> p.thinkingTokensSpread() > 0);

        ModelCatalogue.write(file, profiles, List.of("line one", "line two"));

        assertThat(ModelCatalogue.load(file).all()).isEqualTo(profiles);
    }

    @Test
    void write_oddValues_keepsDurationsAndNumbersExact(@TempDir Path dir) throws Exception {
        ModelProfile odd = new ModelProfile(
                "rec",
                "llama",
                "3.2B",
                "Q4_K_M",
                2_019_393_189L,
                131072,
                114688,
                Duration.ofNanos(312_456_789),
                1987.654321,
                Duration.ofNanos(41_234_567),
                59.87654,
                0.1034,
                0.2871,
                31,
                8,
                List.of("completion", "tools"),
                0,
                "recorded \"here\", with a quote");
        Path file = dir.resolve("one.json");

        ModelCatalogue.write(file, List.of(odd), List.of());

        assertThat(ModelCatalogue.load(file).all()).containsExactly(odd);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertThat(root.has("comment")).as("empty comment left out").isFalse();
        assertThat(root.get("profiles").get(0).get("loadTime").asText()).isEqualTo("312.456789ms");
        assertThat(root.get("profiles").get(0).has("embeddingLength")).isFalse();
        assertThat(root.get("profiles").get(0).has("thinkingTokensMedian"))
                .as("a model that does not think leaves the thinking fields out")
                .isFalse();
    }

    @Test
    void write_noProfiles_refusedNamingTheFile(@TempDir Path dir) {
        Path file = dir.resolve("empty.json");

        assertThatThrownBy(() -> ModelCatalogue.write(file, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("at least one profile");
    }
}
