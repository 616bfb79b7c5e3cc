package dev.ollamaperf.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The emulator's profile file: its two shapes, and shape errors that name the file, the profile and the field. */
@Timeout(10)
final class ProfileFilesTest {

    private static final String PROFILE = "{\"name\":\"m\",\"family\":\"llama\",\"parameterSize\":\"1B\","
            + "\"quantizationLevel\":\"Q4_K_M\",\"sizeBytes\":1000,\"trainedContextLength\":4096,\"kvBytesPerToken\":16,"
            + "\"loadTime\":\"1.5s\",\"promptTokensPerSecond\":100,\"promptOverhead\":\"20ms\","
            + "\"generationTokensPerSecond\":10,\"jitter\":0.1,\"serialFraction\":0.2,\"outputTokensMean\":5,"
            + "\"outputTokensStdDev\":1,\"capabilities\":[\"completion\"],\"source\":\"made up\",\"comment\":\"ignored\"}";

    @TempDir
    Path dir;

    @Test
    void readProfiles_bareArrayOrObjectWithComment_readTheSameProfile() throws IOException {
        Path bare = Files.writeString(dir.resolve("bare.json"), "[" + PROFILE + "]");
        Path wrapped = Files.writeString(
                dir.resolve("wrapped.json"), "{\"comment\":\"one line\",\"profiles\":[" + PROFILE + "]}");

        ProfileFile a = FormatFiles.readProfiles(bare);
        ProfileFile b = FormatFiles.readProfiles(wrapped);

        assertThat(a.comment()).isEmpty();
        assertThat(b.comment()).containsExactly("one line");
        assertThat(b.profiles()).isEqualTo(a.profiles());
        assertThat(a.profiles().get(0).loadTime()).isEqualTo("1.5s");
        assertThat(a.profiles().get(0).embeddingLength()).as("optional").isZero();
        assertThat(a.profiles().get(0).cachedPromptTokenCost())
                .as("optional: a file from before the field reads as free cached tokens")
                .isZero();
    }

    @Test
    void readProfiles_cachedPromptTokenCost_roundTrips() throws IOException {
        Path file = Files.writeString(
                dir.resolve("cost.json"),
                "[" + PROFILE.replace("\"source\"", "\"cachedPromptTokenCost\":0.05,\"source\"") + "]");
        ProfileFile read = FormatFiles.readProfiles(file);
        Path again = dir.resolve("again.json");

        FormatFiles.writeProfiles(read, again);

        assertThat(read.profiles().get(0).cachedPromptTokenCost()).isEqualTo(0.05);
        assertThat(FormatFiles.readProfiles(again)).isEqualTo(read);
        assertThat(Files.readString(again)).contains("\"cachedPromptTokenCost\" : 0.05");
    }

    @Test
    void readProfiles_wrongType_failsNamingFileProfileAndField() throws IOException {
        Path file = Files.writeString(
                dir.resolve("bad.json"), "[" + PROFILE.replace("\"sizeBytes\":1000", "\"sizeBytes\":\"big\"") + "]");

        assertThatThrownBy(() -> FormatFiles.readProfiles(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("profile file " + file
                        + ": profiles[0] ('m'): field 'sizeBytes' must be a whole number, got: \"big\"");
    }

    @Test
    void readProfiles_unknownField_failsListingTheKnownOnes() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), "[" + PROFILE.replace("\"source\"", "\"sourse\"") + "]");

        assertThatThrownBy(() -> FormatFiles.readProfiles(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "profile file " + file + ": profiles[0] ('m'): unknown field 'sourse'; known: [");
    }

    @Test
    void readProfiles_missingFile_failsNamingIt() {
        Path missing = dir.resolve("missing.json");

        assertThatThrownBy(() -> FormatFiles.readProfiles(missing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot read profile file " + missing);
    }
}
