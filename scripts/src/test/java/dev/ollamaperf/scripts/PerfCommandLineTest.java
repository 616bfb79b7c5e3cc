package dev.ollamaperf.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line of {@code scripts/perf}: help on every command, usage errors, and the gate's
 * early failures (an unreachable target, a profile file that is missing or lacks the model), each
 * with its documented exit status and a message that names the thing, within seconds.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
final class PerfCommandLineTest {

    private static final Duration LIMIT = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"gate", "emulator", "bench", "load", "capacity", "compare-models", "record-profile", "report", "compare", "history", "help"})
    void help_everyCommand_exitsZeroWithUsage(String command) throws Exception {
        PerfScript script = script();

        int status = script.run(LIMIT, command, "--help");

        assertThat(status).as(script.output()).isZero();
        assertThat(script.output()).containsIgnoringCase("usage");
    }

    @Test
    void perf_unknownCommand_exitsTwoNamingIt() throws Exception {
        PerfScript script = script();

        int status = script.run(LIMIT, "deploy");

        assertThat(status).isEqualTo(2);
        assertThat(script.output()).contains("unknown command 'deploy'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gate", "load steady", "capacity", "compare-models", "bench", "report some-run", "history"})
    void command_unknownOption_exitsTwo(String command) throws Exception {
        PerfScript script = script();
        String[] args = (command + " --no-such-option").split(" ");

        int status = script.run(LIMIT, args);

        assertThat(status).as(script.output()).isEqualTo(2);
        assertThat(script.output()).contains("--no-such-option");
    }

    @Test
    void load_unknownScenario_exitsTwoListingTheScenarios() throws Exception {
        PerfScript script = script();

        int status = script.run(LIMIT, "load", "stampede");

        assertThat(status).isEqualTo(2);
        assertThat(script.output()).contains("unknown scenario 'stampede'").contains("steady, arrival");
    }

    @Test
    void gate_optionWithoutValue_exitsTwo() throws Exception {
        PerfScript script = script();

        int status = script.run(LIMIT, "gate", "--run", dir.resolve("run").toString(), "--bench-include");

        assertThat(status).isEqualTo(2);
        assertThat(script.output()).contains("option '--bench-include' needs a value");
    }

    @Test
    void gate_confirmNotANumber_exitsTwoNamingTheRule() throws Exception {
        PerfScript script = script();

        int status = script.run(LIMIT, "gate", "--run", dir.resolve("run").toString(), "--confirm", "yes");

        assertThat(status).isEqualTo(2);
        assertThat(script.output()).contains("'--confirm' must be a number of rounds from 0 to 9, got: 'yes'");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void gate_unreachableEndpoint_exitsThreeWithinSecondsNamingIt() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;
        PerfScript script = new PerfScript(dir.resolve("out.txt"), Map.of("OLLAMA_ENDPOINT", endpoint));
        long start = System.nanoTime();

        int status = script.run(LIMIT, "gate", "--run", dir.resolve("run").toString(), "--no-history");

        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertThat(status).as(script.output()).isEqualTo(3);
        assertThat(script.output()).contains("not usable at " + endpoint);
        assertThat(seconds).as("before any benchmark (30 s allows for a loaded 2-core machine; the JMH suite"
                + " alone takes 2.5 minutes)").isLessThan(30);
        assertThat(dir.resolve("run/jmh")).as("no benchmark ran").doesNotExist();
    }

    @Test
    void gate_missingEmulatorProfile_exitsTwoNamingTheFile() throws Exception {
        Path missing = dir.resolve("no-such-profile.json");
        PerfScript script = script();

        int status = script.run(LIMIT, "gate", "--run", dir.resolve("run").toString(), "--no-history",
                "--emulator-profile", missing.toString());

        assertThat(status).as(script.output()).isEqualTo(2);
        assertThat(script.output()).contains("ollama.perf.emulatorProfiles").contains(missing.toString())
                .contains("no such file");
    }

    @Test
    void gate_profileWithoutTheGatesModel_exitsTwoNamingTheModelsItHolds() throws Exception {
        Path profile = dir.resolve("calibrated-profile.json");
        Files.copy(PerfCommandLineTest.class.getResourceAsStream("calibrated-profile.json"), profile);
        PerfScript script = script();

        int status = script.run(LIMIT, "gate", "--run", dir.resolve("run").toString(), "--no-history",
                "--emulator-profile", profile.toString());

        assertThat(status).as(script.output()).isEqualTo(2);
        assertThat(script.output()).contains("llama3.2:latest not found").contains("present: gate-test:latest")
                .contains("--model NAME");
    }

    private PerfScript script() throws IOException {
        return new PerfScript(Files.createTempFile(dir, "perf", ".out"), Map.of());
    }
}
