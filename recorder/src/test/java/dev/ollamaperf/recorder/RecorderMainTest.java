package dev.ollamaperf.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.FaultPlan;
import dev.ollamaperf.emulator.engine.LoadedModel;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command end to end against in-process emulators: the file it writes, what it leaves, its errors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class RecorderMainTest {

    private static final ModelProfile QUICK = fast("quick:latest", List.of("completion"));
    private static final ModelProfile OTHER = fast("other:latest", List.of("completion"));
    private static final ModelProfile EMBED = new ModelProfile(
            "embed:latest",
            "nomic-bert",
            "137M",
            "F16",
            274_000_000L,
            2048,
            0,
            Duration.ofMillis(20),
            10_000,
            Duration.ofMillis(1),
            100,
            0,
            0,
            1,
            0,
            List.of("embedding"),
            8,
            "test");

    /** Small settings: one cold load, two prompt lengths, two requests each, curve to 2 (40 tokens: ~0.1 s). */
    private static final String[] SMALL = {
        "--parallel",
        "2",
        "--samples",
        "2",
        "--prompt-tokens",
        "8,64",
        "--load-samples",
        "1",
        "--batch-tokens",
        "40",
        "--batch-rounds",
        "1",
        "--max-output-tokens",
        "100"
    };

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @Test
    void run_fastModel_writesAFileTheEmulatorLoadsAndServes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/profiles.json");
        try (Emulator emulator = start(2, null, QUICK)) {
            int exit = runSmall(
                    Map.of(),
                    "--endpoint",
                    emulator.baseUri().toString(),
                    "--models",
                    "quick",
                    "--out",
                    file.toString());

            assertThat(exit).as(output()).isZero();
            assertThat(text(stdout))
                    .contains(
                            "record-profile: quick:latest: cold load 1/1",
                            "batching 2 parallel",
                            "wrote 1 profile(s)",
                            "done; load it with");
        }
        ModelCatalogue recorded = ModelCatalogue.load(file);
        assertThat(recorded.all()).extracting(ModelProfile::name).containsExactly("quick:latest");
        ModelProfile p = recorded.all().get(0);
        assertThat(p.source()).as("2 slots, 2 at once: no queueing").contains("No queueing up to 2 in parallel");
        assertThat(p.kvBytesPerToken()).as(p.source()).isEqualTo(QUICK.kvBytesPerToken());
        try (Emulator replay = Emulator.start(EmulatorConfig.of(
                EngineSettings.builder().catalogue(recorded).numParallel(2).build()))) {
            HttpResponse<String> response = post(
                    replay.baseUri(),
                    "/api/generate",
                    "{\"model\":\"quick\",\"prompt\":\"Hi\",\"stream\":false,\"options\":{\"num_predict\":3}}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"done\":true", "\"eval_count\":3");
        }
    }

    @Test
    void run_modelLoadedBefore_keepsItLoadedAndSaysLoadTimeWasNotMeasured(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("profiles.json");
        try (Emulator emulator = start(2, null, QUICK)) {
            assertThat(post(
                                    emulator.baseUri(),
                                    "/api/generate",
                                    "{\"model\":\"quick\",\"prompt\":\"\",\"keep_alive\":\"10m\"}")
                            .statusCode())
                    .isEqualTo(200);

            int exit = runSmall(
                    Map.of("OLLAMA_HOST", emulator.baseUri().toString()),
                    "--models",
                    "quick:latest",
                    "--out",
                    file.toString());

            assertThat(exit).as(output()).isZero();
            assertThat(loaded(emulator))
                    .as("a model someone else loaded stays loaded")
                    .containsExactly("quick:latest");
            assertThat(emulator.engine().stats().models().get("quick:latest").loads())
                    .isEqualTo(1);
        }
        ModelProfile p = ModelCatalogue.load(file).all().get(0);
        assertThat(p.source()).contains("Load time: NOT MEASURED (the model was loaded");
        assertThat(p.loadTime()).as("default 6.0 s + 0.15 s/GB x 0.5 GB").isEqualTo(Duration.ofMillis(6075));
    }

    @Test
    void run_serverFailsOnTheSecondModel_exits3AndKeepsTheFirstProfile(@TempDir Path dir) throws Exception {
        // Model 'quick' takes 16 generate requests with SMALL (1 load + 2x2 prompt + 2x3 prompt cache + 2
        // generation + 1+2 curve); every 18th is refused with 503, so the second model's first prompt request fails.
        Path file = dir.resolve("profiles.json");
        try (Emulator emulator = start(2, "busy=every:18", QUICK, OTHER)) {
            int exit = runSmall(
                    Map.of(),
                    "--endpoint",
                    emulator.baseUri().toString(),
                    "--models",
                    "quick,other",
                    "--out",
                    file.toString());

            assertThat(exit).as(output()).isEqualTo(RecorderMain.EXIT_TARGET);
            assertThat(text(stderr))
                    .contains(
                            "recording 'other:latest' failed while measuring prompt processing",
                            "server busy",
                            "1 profile(s) recorded before it are in " + file);
            assertThat(loaded(emulator))
                    .as("what the run loaded is unloaded again")
                    .isEmpty();
        }
        assertThat(ModelCatalogue.load(file).all())
                .extracting(ModelProfile::name)
                .containsExactly("quick:latest");
        assertThat(Files.readString(file)).contains("INCOMPLETE: recording 'other:latest' failed");
    }

    @Test
    void run_unknownModel_exits3AndListsWhatTheServerHas(@TempDir Path dir) throws Exception {
        try (Emulator emulator = start(1, null, QUICK, OTHER)) {
            int exit = runSmall(
                    Map.of(),
                    "--endpoint",
                    emulator.baseUri().toString(),
                    "--models",
                    "quick,llama9:70b",
                    "--out",
                    dir.resolve("p.json").toString());

            assertThat(exit).isEqualTo(RecorderMain.EXIT_TARGET);
            assertThat(text(stderr)).contains("llama9:70b not found", "present: other:latest, quick:latest");
            assertThat(emulator.engine().stats().models().get("quick:latest").requests())
                    .isZero();
        }
        assertThat(dir.resolve("p.json")).doesNotExist();
    }

    @Test
    void run_nothingListening_exits3SayingItIsNotReachable(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int exit = runSmall(
                Map.of("OLLAMA_ENDPOINT", "http://127.0.0.1:" + port),
                "--models",
                "quick",
                "--out",
                dir.resolve("p.json").toString());

        assertThat(exit).isEqualTo(RecorderMain.EXIT_TARGET);
        assertThat(text(stderr)).contains("not usable at http://127.0.0.1:" + port);
    }

    @Test
    void run_embeddingModel_exits2BeforeMeasuring(@TempDir Path dir) throws Exception {
        try (Emulator emulator = start(1, null, QUICK, EMBED)) {
            int exit = runSmall(
                    Map.of(),
                    "--endpoint",
                    emulator.baseUri().toString(),
                    "--models",
                    "quick,embed",
                    "--out",
                    dir.resolve("p.json").toString());

            assertThat(exit).isEqualTo(RecorderMain.EXIT_USAGE);
            assertThat(text(stderr)).contains("'embed:latest' is an embedding model");
            assertThat(emulator.engine().stats().models().get("quick:latest").requests())
                    .isZero();
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--models quick --out OUT | no Ollama to measure",
                "--endpoint http://10.1.2.3:11434 --models quick --out OUT | only when you also pass --allow-remote",
                "--endpoint 127.0.0.1:1 --models quick --out OUT --parallel 0 | '--parallel' must be between 1 and 64, got: 0",
                "--endpoint 127.0.0.1:1 --models quick --out OUT --prompt-tokens 32 | 2 or more different lengths",
                "--endpoint 127.0.0.1:1 --models quick,quick --out OUT | must not repeat a model",
                "--endpoint 127.0.0.1:1 --models quick | Missing required option: '--out=FILE'",
                "--endpoint 127.0.0.1:1 --models quick --out OUT --samples x | Invalid value for option '--samples'"
            })
    void run_badUsage_exits2NamingTheProblem(String args, String message, @TempDir Path dir) {
        String[] argv = args.replace("OUT", dir.resolve("p.json").toString()).split(" ");

        int exit = run(Map.of(), argv);

        assertThat(exit).isEqualTo(RecorderMain.EXIT_USAGE);
        assertThat(text(stderr)).contains(message);
    }

    @Test
    void run_help_listsTheOptionsAndExitCodes() {
        int exit = run(Map.of(), "--help");

        assertThat(exit).isZero();
        assertThat(text(stdout))
                .contains(
                        "--endpoint",
                        "--models",
                        "--out",
                        "--parallel",
                        "--samples",
                        "--prompt-tokens",
                        "--allow-remote",
                        "3 target unreachable");
    }

    /** Runs the command with the {@link #SMALL} settings after {@code args}. */
    private int runSmall(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(SMALL));
        return run(env, all.toArray(String[]::new));
    }

    private int run(Map<String, String> env, String... args) {
        RecorderMain command = new RecorderMain(
                env,
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8),
                ProfileRecorderTest.FIXED);
        return RecorderMain.run(command, args);
    }

    private String output() {
        return text(stdout) + "\n" + text(stderr);
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }

    private static List<String> loaded(Emulator emulator) {
        return emulator.engine().loadedModels().stream()
                .map(LoadedModel::profile)
                .map(ModelProfile::name)
                .toList();
    }

    private static HttpResponse<String> post(URI base, String path, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static Emulator start(int numParallel, String faults, ModelProfile... profiles) throws Exception {
        EngineSettings.Builder settings = EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(profiles)))
                .numParallel(numParallel);
        if (faults != null) {
            settings.faults(FaultPlan.parse(faults));
        }
        return Emulator.start(EmulatorConfig.of(settings.build()));
    }

    private static ModelProfile fast(String name, List<String> capabilities) {
        return new ModelProfile(
                name,
                "llama",
                "1B",
                "Q4_K_M",
                500_000_000L,
                8192,
                16_384,
                Duration.ofMillis(40),
                20_000,
                Duration.ofMillis(2),
                400,
                0.1,
                0.2,
                20,
                5,
                capabilities,
                0,
                "test profile");
    }
}
