package dev.ollamaperf.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Azure LLM inference trace (AzurePublicDataset's CSV) read as a trace to replay: a sample written in the
 * dataset's format ({@code azure-llm-sample.csv}: 100 ns timestamps, a shorter fraction, zero output tokens).
 */
@Timeout(30)
final class AzureLlmTraceTest {

    @TempDir
    Path dir;

    @Test
    void readTrace_azureSample_readsEachRowAsAChatLineWithItsTokens() throws URISyntaxException {
        Path sample = Path.of(getClass().getResource("azure-llm-sample.csv").toURI());

        List<TrafficRecord> lines = FormatFiles.readTrace(sample);

        assertThat(lines)
                .extracting(TrafficRecord::arrival)
                .containsExactly(
                        "2023-11-16T18:15:46.680Z",
                        "2023-11-16T18:15:50.995Z",
                        "2023-11-16T18:15:51.000Z",
                        "2023-11-16T18:15:53.250Z");
        assertThat(lines).extracting(TrafficRecord::promptTokens).containsExactly(374L, 396L, 879L, 91L);
        assertThat(lines).extracting(TrafficRecord::outputTokens).containsExactly(44L, 109L, 1L, 0L);
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.endpoint()).isEqualTo("/api/chat");
            assertThat(l.model()).isEmpty();
            assertThat(l.stream()).isTrue();
            assertThat(l.messageCount()).isEqualTo(1);
            assertThat(l.session()).isNull();
        });
    }

    @Test
    void readTrace_trafficLog_isReadAsOne() throws IOException {
        Path file = dir.resolve("t.jsonl");
        FormatFiles.writeTraffic(GoldenValues.traffic(), file);

        assertThat(FormatFiles.readTrace(file)).isEqualTo(GoldenValues.traffic());
    }

    @Test
    void readTrace_badAzureRow_namesTheLine() throws IOException {
        Path file = dir.resolve("azure.csv");
        Files.writeString(
                file,
                "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,10,5\n2023-11-16 18:15:47,ten,5\n");

        assertThatThrownBy(() -> FormatFiles.readTrace(file))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith(file + ":3: not an Azure LLM trace row")
                .hasMessageContaining("'ContextTokens' must be a whole number of 0 or more, got: 'ten'");
    }
}
