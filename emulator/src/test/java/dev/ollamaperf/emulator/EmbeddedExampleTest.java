package dev.ollamaperf.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.EngineStats;
import dev.ollamaperf.emulator.engine.FaultPlan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The embedding example of emulator/README.md, verbatim between the markers, so it keeps compiling. */
@Timeout(30)
final class EmbeddedExampleTest {

    @Test
    void readmeExample_compilesAndRunsAgainstTheBuiltInCatalogue() throws Exception {
        // README example start
        EngineSettings settings = EngineSettings.builder()
                .numParallel(4) // OLLAMA_NUM_PARALLEL
                .faults(FaultPlan.parse("stall=0.1:after=5:for=2s"))
                .build(); // built-in catalogue
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(settings))) {
            URI base = emulator.baseUri(); // http://127.0.0.1:<free port>
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(base.resolve("/api/generate"))
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"model\":\"tiny\",\"prompt\":\"Hi\",\"stream\":false}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            EngineStats stats = emulator.engine().stats(); // what the engine saw
            System.out.println(response.body() + "\n" + stats.models().get("tiny:latest"));
            // README example end
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(stats.models().get("tiny:latest").completed()).isEqualTo(1);
        }
    }
}
