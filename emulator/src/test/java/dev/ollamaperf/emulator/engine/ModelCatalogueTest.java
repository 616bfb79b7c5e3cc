package dev.ollamaperf.emulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped catalogue and user profile files. */
final class ModelCatalogueTest {

    private static final String PRODUCTION = "mistral:7b, llama2:13b, llama2:7b, codellama:latest, llama3.2:latest,"
            + " llama3:8b, llama3.1:latest, gemma2:latest, llama3:latest, gemma3:latest, llama3.1:8b, llama3-chatqa:8b";

    private static final String GOOD = "{\"name\":\"m\",\"family\":\"llama\",\"parameterSize\":\"1B\","
            + "\"quantizationLevel\":\"Q4_0\",\"sizeBytes\":1000,\"trainedContextLength\":2048,\"kvBytesPerToken\":10,"
            + "\"loadTime\":\"1.5s\",\"promptTokensPerSecond\":100.0,\"promptOverhead\":\"20ms\","
            + "\"generationTokensPerSecond\":10,\"jitter\":0.1,\"serialFraction\":0.4,\"outputTokensMean\":5,"
            + "\"outputTokensStdDev\":1,\"capabilities\":[\"completion\"],\"source\":\"made up\",\"comment\":\"hi\"}";

    @Test
    void builtIn_holdsTheProductionModelsAndTheTestProfiles() {
        ModelCatalogue catalogue = ModelCatalogue.builtIn();

        String[] production = PRODUCTION.split(", ");
        assertThat(catalogue.all())
                .extracting(ModelProfile::name)
                .containsExactly(concat(
                        production,
                        "deepseek-r1:8b",
                        "tiny:latest",
                        "tiny-slow-load:latest",
                        "nomic-embed-text:latest"));
        assertThat(catalogue.all()).allSatisfy(p -> assertThat(p.source()).isNotBlank());
        long totalBytes = 0;
        for (String name : production) {
            ModelProfile profile = catalogue.find(name).orElseThrow();
            assertThat(profile.source()).contains("RTX A4000");
            totalBytes += profile.sizeBytes();
        }
        assertThat(totalBytes).isEqualTo(53_700_000_000L);
        assertThat(catalogue.find("mistral:7b").orElseThrow().sizeBytes()).isEqualTo(4_100_000_000L);
        assertThat(catalogue.find("llama3.2").orElseThrow().generationTokensPerSecond())
                .isEqualTo(90.92);
        assertThat(catalogue.find("nomic-embed-text").orElseThrow().isEmbedding())
                .isTrue();
        assertThat(catalogue.find("tiny").orElseThrow().loadTime()).isLessThan(Duration.ofMillis(250));
        ModelProfile reasoning = catalogue.find("deepseek-r1:8b").orElseThrow();
        assertThat(reasoning.has(ModelProfile.THINKING)).isTrue();
        assertThat(reasoning.thinkingTokensMedian()).isPositive();
        assertThat(catalogue.all())
                .filteredOn(p -> p.thinkingTokensMedian() > 0)
                .allSatisfy(p -> assertThat(p.has(ModelProfile.THINKING)).isTrue());
        // llama3.2 calls tools but does not think (its Ollama library page lists tools only)
        assertThat(catalogue.find("llama3.2").orElseThrow().capabilities()).containsExactly("completion", "tools");
    }

    @Test
    void builtIn_capabilitiesAreOllamasNames_inTheOrderOllamaListsThem() {
        // Model.Capabilities (server/images.go) appends them in this order; /api/show lists them as the profile does
        List<String> order = List.of("embedding", "completion", "vision", "audio", "tools", "insert", "thinking");

        assertThat(ModelCatalogue.builtIn().all()).allSatisfy(profile -> {
            assertThat(order).containsAll(profile.capabilities());
            assertThat(profile.capabilities()).isSortedAccordingTo(java.util.Comparator.comparingInt(order::indexOf));
        });
    }

    @Test
    void find_nameWithoutTag_meansLatest() {
        ModelCatalogue catalogue = ModelCatalogue.builtIn();

        assertThat(catalogue.find("llama3.2")).isEqualTo(catalogue.find("llama3.2:latest"));
        assertThat(catalogue.find("llama3.2:1b")).isEmpty();
        assertThat(ModelCatalogue.fullName("library/x")).isEqualTo("library/x:latest");
        assertThat(ModelCatalogue.fullName("host:5000/x")).isEqualTo("host:5000/x:latest");
    }

    @Test
    void load_validFile_readsProfilesArrayOrWrappedObject(@TempDir Path dir) throws IOException {
        Path bare = Files.writeString(dir.resolve("bare.json"), "[" + GOOD + "]");
        Path wrapped =
                Files.writeString(dir.resolve("wrapped.json"), "{\"comment\":\"x\",\"profiles\":[" + GOOD + "]}");

        ModelProfile profile = ModelCatalogue.load(bare).find("m").orElseThrow();
        assertThat(profile.name()).isEqualTo("m:latest");
        assertThat(profile.loadTime()).isEqualTo(Duration.ofMillis(1500));
        assertThat(profile.promptOverhead()).isEqualTo(Duration.ofMillis(20));
        assertThat(profile.generationTokensPerSecond()).isEqualTo(10.0);
        assertThat(ModelCatalogue.load(wrapped).all()).containsExactly(profile);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"loadTime\":\"1.5s\"|\"loadTime\":\"1.5\"|profiles[0] ('m'): field 'loadTime' must be a duration"
                        + " string like \"6.2s\" or \"150ms\" (time: missing unit in duration \"1.5\"), got: \"1.5\"",
                "\"sizeBytes\":1000,|\"sizeBytes\":\"big\",|profiles[0] ('m'): field 'sizeBytes' must be a whole"
                        + " number, got: \"big\"",
                "\"source\":\"made up\",|\"sourse\":\"made up\",|profiles[0] ('m'): unknown field 'sourse'",
                "\"family\":\"llama\",||profiles[0] ('m'): field 'family' is required, got: nothing",
                "\"jitter\":0.1|\"jitter\":1.1|profiles[0] ('m'): profile 'm:latest': 'jitter' must be between 0 and 1,"
                        + " got: 1.1"
            })
    void load_badField_failsNamingFileProfileAndField(String from, String to, String expected, @TempDir Path dir)
            throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), "[" + GOOD.replace(from, to == null ? "" : to) + "]");

        assertThatThrownBy(() -> ModelCatalogue.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("profile file " + file + ": " + expected);
    }

    @Test
    void load_notJsonOrWrongShapeOrMissing_failsNamingTheFile(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{not json");
        Path object = Files.writeString(dir.resolve("object.json"), "{\"models\":[]}");
        Path empty = Files.writeString(dir.resolve("empty.json"), "[]");

        assertThatThrownBy(() -> ModelCatalogue.load(broken))
                .hasMessageStartingWith("profile file " + broken + ": not valid JSON");
        assertThatThrownBy(() -> ModelCatalogue.load(object))
                .hasMessage("profile file " + object
                        + ": must be a JSON array of profiles or an object with a \"profiles\" array");
        assertThatThrownBy(() -> ModelCatalogue.load(empty))
                .hasMessage("profile file " + empty + ": must hold at least one profile");
        assertThatThrownBy(() -> ModelCatalogue.load(dir.resolve("missing.json")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("missing.json");
    }

    private static String[] concat(String[] first, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(more))
                .collect(Collectors.toList())
                .toArray(new String[0]);
    }
}
