package dev.ollamaperf.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.EmulatorFleet;
import dev.ollamaperf.emulator.engine.EngineSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's early target check, against the embedded emulator (built-in or a profile file) and a
 * closed loopback port: each failure has its exit status and a message that names the thing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class TargetCheckTest {

    private static final String PROFILE = """
            {"profiles": [{"name": "calibrated:latest", "family": "llama", "parameterSize": "3B",
              "quantizationLevel": "Q4_K_M", "sizeBytes": 2000000000, "trainedContextLength": 8192,
              "kvBytesPerToken": 4096, "loadTime": "50ms", "promptTokensPerSecond": 1000,
              "promptOverhead": "10ms", "generationTokensPerSecond": 200, "jitter": 0, "serialFraction": 0,
              "outputTokensMean": 10, "outputTokensStdDev": 0, "capabilities": ["completion"],
              "source": "test profile"}]}
            """;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void check_profileFileHoldingTheModel_isReady(@TempDir Path dir) throws Exception {
        Path profile = Files.writeString(dir.resolve("calibrated.json"), PROFILE);

        int status = check(
                Map.of("ollama.perf.emulatorProfiles", profile.toString(), "ollama.perf.models", "calibrated:latest"),
                Map.of());

        assertThat(status).as(text(err)).isEqualTo(TargetCheckMain.READY);
        assertThat(text(out)).contains("(emulator) is ready for calibrated:latest");
    }

    @Test
    void check_profileFileWithoutTheModel_namesTheFileAndItsModels(@TempDir Path dir) throws Exception {
        Path profile = Files.writeString(dir.resolve("calibrated.json"), PROFILE);

        int status = check(Map.of("ollama.perf.emulatorProfiles", profile.toString()), Map.of());

        assertThat(status).isEqualTo(TargetCheckMain.CONFIGURATION_ERROR);
        assertThat(text(err))
                .contains("llama3.2:latest not found")
                .contains("present: calibrated:latest")
                .contains("the profile file " + profile)
                .contains("--model NAME");
    }

    @Test
    void check_aBadSessionSetting_isAConfigurationErrorNamingIt() {
        int status = check(Map.of("ollama.perf.turns", "8-3"), Map.of());

        assertThat(status).isEqualTo(TargetCheckMain.CONFIGURATION_ERROR);
        assertThat(text(err)).startsWith("error: 'ollama.perf.turns' must be a count or a range a-b");
    }

    @Test
    void check_aBadCapacityLevel_isAConfigurationErrorNamingIt() {
        int status = check(Map.of("ollama.perf.levels", "1,x"), Map.of());

        assertThat(status).isEqualTo(TargetCheckMain.CONFIGURATION_ERROR);
        assertThat(text(err).strip()).isEqualTo("error: 'ollama.perf.levels' must be a number, got: x");
    }

    @Test
    void check_anUnknownWorkload_isAConfigurationErrorNamingTheChoices() {
        int status = check(Map.of("ollama.perf.workload", "foo"), Map.of());

        assertThat(status).isEqualTo(TargetCheckMain.CONFIGURATION_ERROR);
        assertThat(text(err).strip())
                .isEqualTo("error: 'ollama.perf.workload' must be one of single, session, got: foo");
    }

    @Test
    void check_sessionsInAPairedRun_isAConfigurationErrorSayingWhatRuns() {
        int status = check(Map.of("ollama.perf.workload", "session", "ollama.perf.mode", "paired"), Map.of());

        assertThat(status).isEqualTo(TargetCheckMain.CONFIGURATION_ERROR);
        assertThat(text(err))
                .startsWith("error: 'ollama.perf.workload' session cannot run with 'ollama.perf.mode' paired")
                .contains("use direct or gateway");
    }

    @Test
    void check_anIntegrationSettingTheGatewayWouldRefuse_isAConfigurationErrorNamingIt() {
        int status = check(Map.of(), Map.of("OLLAMA_CACHE_TTL", "1ms"));

        assertThat(status).isEqualTo(TargetCheckMain.CONFIGURATION_ERROR);
        assertThat(text(err)).startsWith("error: the integration's settings: 'OLLAMA_CACHE_TTL' must be between");
    }

    @Test
    void check_missingProfileFile_isAConfigurationErrorNamingSettingAndFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");

        int status = check(Map.of("ollama.perf.emulatorProfiles", missing.toString()), Map.of());

        assertThat(status).isEqualTo(TargetCheckMain.CONFIGURATION_ERROR);
        assertThat(text(err))
                .startsWith("error: 'ollama.perf.emulatorProfiles' must name an emulator profile file")
                .contains(missing.toString())
                .contains("no such file");
    }

    @Test
    void check_invalidProfileFile_namesTheFieldAtFault(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), PROFILE.replace("\"jitter\"", "\"jiter\""));

        int status = check(Map.of("ollama.perf.emulatorProfiles", bad.toString()), Map.of());

        assertThat(status).isEqualTo(TargetCheckMain.CONFIGURATION_ERROR);
        assertThat(text(err))
                .contains("not a valid emulator profile catalogue")
                .contains(bad.toString())
                .contains("unknown field 'jiter'");
    }

    @Test
    void check_profileWithAnEndpoint_isRefusedBecauseOnlyTheEmulatorReadsIt(@TempDir Path dir) throws Exception {
        Path profile = Files.writeString(dir.resolve("calibrated.json"), PROFILE);

        int status = check(
                Map.of("ollama.perf.emulatorProfiles", profile.toString()),
                Map.of("OLLAMA_ENDPOINT", "http://127.0.0.1:11434"));

        assertThat(status).isEqualTo(TargetCheckMain.CONFIGURATION_ERROR);
        assertThat(text(err))
                .contains("applies to the embedded emulator only")
                .contains("OLLAMA_ENDPOINT=http://127.0.0.1:11434");
    }

    @Test
    void check_emulatorFaultsWithAnEndpointOrMisspelt_isAConfigurationErrorNamingTheSetting() throws Exception {
        int withEndpoint = check(
                Map.of("ollama.perf.emulatorFaults", "fail=llama3.2:latest"),
                Map.of("OLLAMA_ENDPOINT", "http://127.0.0.1:11434"));
        int misspelt = check(Map.of("ollama.perf.emulatorFaults", "fial=llama3.2:latest"), Map.of());

        assertThat(withEndpoint).isEqualTo(TargetCheckMain.CONFIGURATION_ERROR);
        assertThat(misspelt).isEqualTo(TargetCheckMain.CONFIGURATION_ERROR);
        assertThat(text(err))
                .contains("'ollama.perf.emulatorFaults' (fail=llama3.2:latest) applies to the embedded emulator only")
                .contains("'ollama.perf.emulatorFaults': fault plan part 'fial=llama3.2:latest': unknown fault kind");
    }

    @Test
    void check_closedPort_isUnreachableWithinSecondsNamingTheEndpoint() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        long start = System.nanoTime();

        int status = check(Map.of(), Map.of("OLLAMA_ENDPOINT", "http://127.0.0.1:" + port));

        assertThat(status).isEqualTo(TargetCheckMain.UNREACHABLE);
        assertThat(text(err)).contains("not usable at http://127.0.0.1:" + port);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
                .as("a refused connection is known at once (10 s allows for a loaded machine)")
                .isLessThan(10);
    }

    @Test
    void check_fleet_checksEveryNodeAndNamesTheOneThatIsDown() throws Exception {
        try (EmulatorFleet fleet = EmulatorFleet.start(EmulatorConfig.of(EngineSettings.defaults()), 2)) {
            Map<String, String> env = Map.of("OLLAMA_ENDPOINTS", fleet.endpoints());
            assertThat(check(Map.of(), env)).isEqualTo(TargetCheckMain.READY);
            assertThat(text(out))
                    .contains(
                            fleet.baseUris().get(0) + " (ollama) is ready",
                            fleet.baseUris().get(1) + " (ollama) is ready");

            fleet.node(1).close();

            assertThat(check(Map.of(), env)).isEqualTo(TargetCheckMain.UNREACHABLE);
            assertThat(text(err)).contains("not usable at " + fleet.baseUris().get(1));
            assertThat(fleet.node(0).engine().stats().destructiveCalls()).isEmpty();
        }
    }

    @Test
    void check_malformedFleetOrEmulatorNodes_isAConfigurationErrorNamingTheSetting() {
        assertThat(check(Map.of(), Map.of("OLLAMA_ENDPOINTS", "http://127.0.0.1:1,,http://127.0.0.1:2")))
                .isEqualTo(TargetCheckMain.CONFIGURATION_ERROR);
        assertThat(check(Map.of("ollama.perf.emulatorNodes", "0"), Map.of()))
                .isEqualTo(TargetCheckMain.CONFIGURATION_ERROR);

        assertThat(text(err))
                .contains("'OLLAMA_ENDPOINTS' entry 2 of 3 is empty")
                .contains("'ollama.perf.emulatorNodes' must be between 1 and 64, got: 0");
    }

    private int check(Map<String, String> properties, Map<String, String> env) {
        return TargetCheckMain.check(
                properties,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
