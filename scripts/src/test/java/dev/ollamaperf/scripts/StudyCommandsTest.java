package dev.ollamaperf.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study commands end to end through {@code scripts/perf}, against the embedded emulator with a
 * two-model test profile: what a user types, what they read, and the files they get.
 */
final class StudyCommandsTest {

    private static final Duration LIMIT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void compareModels_fastAndSlowModel_ranksTheFastOneFirstAndWritesItsReports() throws Exception {
        Path profile = copyResource("two-models-profile.json");
        Path run = dir.resolve("run");
        PerfScript script = new PerfScript(dir.resolve("out.txt"), Map.of());

        int status = script.run(LIMIT, "compare-models", "--models", "sluggish:latest,quick:latest",
                "--duration", "6s", "--run", run.toString(), "--emulator-profile", profile.toString(),
                "-Dollama.perf.numPredict=8");

        assertThat(status).as(script.output()).isZero();
        assertThat(script.output()).contains("[compare-models", "analysing", "rank", "quick:latest");
        JsonNode ranking = new ObjectMapper().readTree(run.resolve("models.json").toFile())
                .path("rankings").path("e2e").path("places");
        assertThat(ranking.get(0).path("model").asText()).isEqualTo("quick:latest");
        assertThat(ranking.get(0).path("rank").asInt()).isEqualTo(1);
        assertThat(ranking.get(1).path("rank").asInt()).as("the slow model is distinguishably slower").isEqualTo(2);
        assertThat(run.resolve("index.html")).content().contains("Models compared");
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void compareModels_oneModel_exitsTwoSayingItNeedsTwo() throws Exception {
        PerfScript script = new PerfScript(dir.resolve("out.txt"), Map.of());

        int status = script.run(LIMIT, "compare-models", "--models", "quick:latest");

        assertThat(status).isEqualTo(2);
        assertThat(script.output()).contains("two models or more");
    }

    private Path copyResource(String name) throws IOException {
        try (InputStream in = StudyCommandsTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: dev/ollamaperf/scripts/" + name);
            }
            Path file = dir.resolve(name);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }
}
