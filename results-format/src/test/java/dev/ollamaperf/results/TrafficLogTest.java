package dev.ollamaperf.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reading a traffic log is strict and names the line; a line is one compact JSON object. */
@Timeout(30)
final class TrafficLogTest {

    @TempDir
    Path dir;

    @Test
    void trafficLine_record_isOneLineWithVersionFirst() {
        String line = FormatFiles.trafficLine(GoldenValues.traffic().get(0));

        assertThat(line).doesNotContain("\n").startsWith("{\"v\":1,\"arrival\":\"2026-11-26T10:00:00.125Z\"");
    }

    @Test
    void readTraffic_blankLines_areSkipped() throws IOException {
        Path file = dir.resolve("t.jsonl");
        List<TrafficRecord> records = GoldenValues.traffic();
        Files.writeString(
                file,
                FormatFiles.trafficLine(records.get(0)) + "\n\n" + FormatFiles.trafficLine(records.get(1)) + "\n");

        assertThat(FormatFiles.readTraffic(file)).containsExactly(records.get(0), records.get(1));
    }

    @Test
    void readTraffic_unknownField_namesFileAndLine() throws IOException {
        Path file = dir.resolve("t.jsonl");
        String good = FormatFiles.trafficLine(GoldenValues.traffic().get(0));
        Files.writeString(
                file, good + "\n" + good.replace("\"text\":null}", "\"text\":null,\"prompt\":\"hi\"}") + "\n");

        assertThatThrownBy(() -> FormatFiles.readTraffic(file))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith(file + ":2: ")
                .hasMessageContaining("\"prompt\"");
    }

    @Test
    void readTraffic_otherVersion_isRefusedNamingTheLine() throws IOException {
        Path file = dir.resolve("t.jsonl");
        Files.writeString(
                file, FormatFiles.trafficLine(GoldenValues.traffic().get(0)).replace("\"v\":1", "\"v\":2"));

        assertThatThrownBy(() -> FormatFiles.readTraffic(file))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith(file + ":1: ")
                .hasMessageContaining("'v' must be 1");
    }

    @Test
    void readTraffic_notJson_namesTheLine() throws IOException {
        Path file = dir.resolve("t.jsonl");
        Files.writeString(file, "TIMESTAMP,ContextTokens,GeneratedTokens\n");

        assertThatThrownBy(() -> FormatFiles.readTraffic(file))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith(file + ":1: not a traffic log line");
    }

    @Test
    void trafficRecord_negativeTokens_isRefused() {
        TrafficRecord r = GoldenValues.traffic().get(0);

        assertThatThrownBy(() -> new TrafficRecord(
                        1,
                        r.arrival(),
                        r.endpoint(),
                        r.model(),
                        true,
                        r.options(),
                        -1L,
                        null,
                        1,
                        null,
                        null,
                        null,
                        "ok",
                        200,
                        null,
                        1.0,
                        null))
                .hasMessageContaining("'prompt_tokens' must be >= 0, got: -1");
    }
}
