package dev.ollamaperf.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The picocli command, run in-process with its own streams and environment. */
@Timeout(30)
final class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicReference<String> servedVersion = new AtomicReference<>();

    private int run(Map<String, String> env, String... args) {
        Main main = new Main(
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                fleet -> servedVersion.set(new OllamaHttp(fleet.node(0).baseUri())
                        .get("/api/version")
                        .body()));
        return Main.commandLine(main).execute(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void help_printsEveryFlagAndExits0() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out())
                .contains(
                        "--port",
                        "--bind",
                        "--profiles",
                        "--num-parallel",
                        "--max-queue",
                        "--max-loaded-models",
                        "--keep-alive",
                        "--faults",
                        "--seed",
                        "--prompt-cache",
                        "--version");
    }

    @Test
    void version_namesTheEmulatedOllamaVersion() {
        assertThat(run(Map.of(), "--version")).isZero();
        assertThat(out()).contains("emulating Ollama 0.32.15");
    }

    @Test
    void unknownFlag_exits2WithAMessage() {
        assertThat(run(Map.of(), "--numparallel", "4")).isEqualTo(2);
        assertThat(err()).contains("Unknown options: '--numparallel'", "Possible solutions: --num-parallel");
    }

    @Test
    void badFlagValues_exit2NamingTheSetting() {
        assertThat(run(Map.of(), "--num-parallel", "four")).isEqualTo(2);
        assertThat(err()).contains("--num-parallel");
        assertThat(run(Map.of(), "--port", "0", "--num-parallel", "0")).isEqualTo(2);
        assertThat(err()).contains("'numParallel' must be 1 or more, got: 0");
        assertThat(run(Map.of(), "--port", "0", "--keep-alive", "soon")).isEqualTo(2);
        assertThat(err()).contains("'--keep-alive'");
        assertThat(run(Map.of(), "--port", "0", "--faults", "explode=1")).isEqualTo(2);
        assertThat(run(Map.of(), "--port", "0", "--prompt-cache", "maybe")).isEqualTo(2);
        assertThat(err()).contains("'--prompt-cache' must be on or off, got: maybe");
    }

    @Test
    void promptCacheOff_isPrintedInTheEffectiveConfig() {
        assertThat(run(Map.of("OLLAMA_HOST", "127.0.0.1:0"), "--prompt-cache", "off"))
                .isZero();
        assertThat(out()).contains("promptCache=off");
    }

    @Test
    void badProfilesFile_exits2NamingTheFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("profiles.json"), "{ not json");
        assertThat(run(Map.of(), "--port", "0", "--profiles", file.toString())).isEqualTo(2);
        assertThat(err()).contains(file.toString());
    }

    @Test
    void portInUse_exits2() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(run(Map.of(), "--port", String.valueOf(taken.getLocalPort())))
                    .isEqualTo(2);
            assertThat(err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void nonLoopbackFromTheEnvironment_isRefused_butAnExplicitBindIsAcceptedWithAWarning() {
        assertThat(run(Map.of("OLLAMA_HOST", "0.0.0.0:0"))).isEqualTo(2);
        assertThat(err()).contains("refusing to listen on 0.0.0.0");
        assertThat(run(Map.of(), "--bind", "0.0.0.0", "--port", "0")).isZero();
        assertThat(err()).contains("WARNING listening on non-loopback address 0.0.0.0");
        assertThat(out())
                .as("the bind address, then a URL that works")
                .containsPattern(
                        "listening on every interface, port [0-9]+ \\(from this machine: http://127\\.0\\.0\\.1:[0-9]+\\)");
    }

    @Test
    void start_printsTheEffectiveConfigAndUrl_andServesUntilStopped() {
        assertThat(run(Map.of("OLLAMA_NUM_PARALLEL", "3", "OLLAMA_HOST", "127.0.0.1:0"), "--max-queue", "7"))
                .isZero();
        assertThat(out()).contains("OLLAMA_NUM_PARALLEL=3", "OLLAMA_MAX_QUEUE=7", "listening on http://127.0.0.1:");
        assertThat(servedVersion.get()).isEqualTo("{\"version\":\"0.32.15\"}");
        String url = out().replaceAll("(?s).*listening on (http://[0-9.:]+).*", "$1");
        assertThat(URI.create(url).getPort()).isPositive();
    }

    @Test
    void nodes_startsEachNodeOnItsOwnPort_printsEveryUrl_andTheEndpointsLine() {
        List<String> versions = new ArrayList<>();
        Main main = new Main(
                Map.of("OLLAMA_HOST", "127.0.0.1:11434"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                fleet -> fleet.baseUris()
                        .forEach(u -> versions.add(
                                new OllamaHttp(u).get("/api/version").body())));

        assertThat(Main.commandLine(main).execute("--nodes", "3")).isZero();

        List<String> urls = Pattern.compile("node [1-3] of 3 listening on (http://127\\.0\\.0\\.1:[0-9]+)")
                .matcher(out())
                .results()
                .map(m -> m.group(1))
                .toList();
        assertThat(urls).hasSize(3).doesNotHaveDuplicates().noneMatch(u -> u.endsWith(":11434"));
        assertThat(out()).contains("OLLAMA_ENDPOINTS=" + String.join(",", urls));
        assertThat(versions).as("every node answers").hasSize(3).allMatch(v -> v.contains("0.32.15"));
    }

    @Test
    void nodes_withAFixedPortOrOutOfRange_exit2NamingTheRule() {
        assertThat(run(Map.of(), "--nodes", "2", "--port", "11434")).isEqualTo(2);
        assertThat(err()).contains("'--port' 11434 cannot serve 2 nodes");
        assertThat(run(Map.of(), "--nodes", "0")).isEqualTo(2);
        assertThat(err()).contains("'--nodes' must be between 1 and 64, got: 0");
    }
}
