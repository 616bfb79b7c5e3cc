package dev.ollamaperf.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code server.json}'s optional {@code model_loads}: absent reads as empty, present is parsed strictly. */
@Timeout(10)
final class ServerModelLoadsTest {

    private static final String HEAD = "{\"version\":1,\"captured_at\":\"2026-11-26T10:00:00Z\",\"endpoints\":[{"
            + "\"url\":\"http://127.0.0.1:11434\",\"ollama_version\":\"0.32.15\",\"models\":[]";

    @TempDir
    Path dir;

    @Test
    void readServer_withoutModelLoads_readsAnEmptyList() throws Exception {
        ServerInfo info = FormatFiles.readServer(file(HEAD + "}]}"));

        assertThat(info.endpoints().get(0).modelLoads()).isEmpty();
    }

    @Test
    void readServer_withModelLoads_readsEachState() throws Exception {
        ServerInfo info = FormatFiles.readServer(file(HEAD + ",\"model_loads\":["
                + "{\"name\":\"a:latest\",\"state\":\"loaded_by_run\",\"load_duration_ns\":6600000000},"
                + "{\"name\":\"b:latest\",\"state\":\"already_loaded\",\"load_duration_ns\":null},"
                + "{\"name\":\"c:latest\",\"state\":\"not_measured\",\"load_duration_ns\":null}]}]}"));

        assertThat(info.endpoints().get(0).modelLoads())
                .containsExactly(
                        new ServerInfo.ModelLoad("a:latest", "loaded_by_run", 6_600_000_000L),
                        new ServerInfo.ModelLoad("b:latest", "already_loaded", null),
                        new ServerInfo.ModelLoad("c:latest", "not_measured", null));
    }

    @Test
    void readServer_loadedByRunWithoutDuration_isRefusedNamingTheRule() throws Exception {
        Path f = file(
                HEAD
                        + ",\"model_loads\":[{\"name\":\"a:latest\",\"state\":\"loaded_by_run\",\"load_duration_ns\":null}]}]}");

        assertThatThrownBy(() -> FormatFiles.readServer(f))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(
                        "model 'a:latest' 'model_loads.load_duration_ns' must be set exactly when state is"
                                + " loaded_by_run, got: state=loaded_by_run, load_duration_ns=null");
    }

    @Test
    void readServer_unknownStateOrField_isRefused() throws Exception {
        Path badState = file(
                HEAD + ",\"model_loads\":[{\"name\":\"a:latest\",\"state\":\"cold\",\"load_duration_ns\":null}]}]}");
        Path unknownField = file(HEAD + ",\"model_loads\":[{\"name\":\"a:latest\",\"state\":\"not_measured\","
                + "\"load_duration_ns\":null,\"extra\":1}]}]}");

        assertThatThrownBy(() -> FormatFiles.readServer(badState))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(
                        "'model_loads.state' must be one of loaded_by_run, already_loaded, not_measured, got: cold");
        assertThatThrownBy(() -> FormatFiles.readServer(unknownField))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("extra");
    }

    @Test
    void writeServer_emptyModelLoads_leavesTheFieldOutAndRoundTrips() throws Exception {
        ServerInfo without = new ServerInfo(
                1,
                "2026-11-26T10:00:00Z",
                List.of(new ServerInfo.Endpoint("http://127.0.0.1:11434", "0.32.15", List.of())));
        ServerInfo with = new ServerInfo(
                1,
                "2026-11-26T10:00:00Z",
                List.of(new ServerInfo.Endpoint(
                        "http://127.0.0.1:11434",
                        "0.32.15",
                        List.of(),
                        List.of(new ServerInfo.ModelLoad("a:latest", "loaded_by_run", 5L)))));

        FormatFiles.writeServer(without, dir.resolve("without.json"));
        FormatFiles.writeServer(with, dir.resolve("with.json"));

        assertThat(Files.readString(dir.resolve("without.json"))).doesNotContain("model_loads");
        assertThat(FormatFiles.readServer(dir.resolve("with.json"))).isEqualTo(with);
    }

    private Path file(String json) throws Exception {
        Path f = Files.createTempFile(dir, "server", ".json");
        Files.writeString(f, json);
        return f;
    }
}
