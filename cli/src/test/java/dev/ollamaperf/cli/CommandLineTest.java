package dev.ollamaperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code perf}'s command line in-process: help on every command, the usage errors with their messages and
 * exit 2, the commands that are a child of their own. (That the launcher passes arguments and exit codes
 * through: {@code dev.ollamaperf.scripts.PerfLauncherIT}.)
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class CommandLineTest {

    @TempDir
    Path dir;

    private PerfHarness perf;

    @BeforeEach
    void checkout() {
        perf = new PerfHarness(dir.resolve("checkout"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gate", "load", "capacity", "compare-models", "help", "report", "compare", "history"})
    void help_inProcessCommand_exitsZeroWithItsUsage(String command) {
        int status = perf.run(command, "--help");

        assertThat(status).as(perf.output()).isZero();
        assertThat(perf.out()).contains("Usage: ");
        assertThat(perf.children().started()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bench", "emulator", "record-profile"})
    void help_childCommand_asksTheChildInTheForeground(String command) {
        int status = perf.run(command, "--help");

        assertThat(status).isZero();
        assertThat(perf.children().started()).hasSize(1);
        FakeChild child = perf.children().started().get(0);
        assertThat(child.spec().detached()).isFalse();
        assertThat(child.spec().command()).endsWith("--help");
    }

    @Test
    void perf_noCommand_printsTheOverallHelp() {
        assertThat(perf.run()).isZero();
        assertThat(perf.out())
                .contains(
                        "Usage: scripts/perf <command> [options]",
                        "compare-models",
                        "Exit codes: 0 pass, 1 budget or regression failure, 2 usage or configuration error, 3 target",
                        "unreachable or preflight failure, 4 internal error, 130 interrupted.",
                        "PERF_NO_BUILD=1");
    }

    @Test
    void perf_unknownCommand_exitsTwoNamingIt() {
        assertThat(perf.run("deploy")).isEqualTo(2);
        assertThat(perf.err()).startsWith("perf: unknown command 'deploy'.\nUsage: scripts/perf <command>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gate", "load steady", "capacity", "compare-models", "report some-run", "history"})
    void command_unknownOption_exitsTwoNamingIt(String command) {
        int status = perf.run((command + " --no-such-option").split(" "));

        assertThat(status).as(perf.output()).isEqualTo(2);
        assertThat(perf.err()).contains("--no-such-option");
        assertThat(perf.children().started()).isEmpty();
    }

    @Test
    void gate_unknownOption_saysSoInPerfsWordsWithTheUsage() {
        assertThat(perf.run("gate", "--no-such-option")).isEqualTo(2);
        assertThat(perf.err()).startsWith("perf gate: unknown option '--no-such-option'\nUsage: scripts/perf gate");
    }

    @Test
    void gate_settingThatIsNotALoadSetting_isAnUnknownOption() {
        assertThat(perf.run("gate", "-Dfoo=bar")).isEqualTo(2);
        assertThat(perf.err()).contains("perf gate: unknown option '-Dfoo=bar'");
    }

    @Test
    void gate_optionWithoutValue_exitsTwo() {
        assertThat(perf.run("gate", "--run", dir.resolve("run").toString(), "--bench-include"))
                .isEqualTo(2);
        assertThat(perf.err()).isEqualTo("perf gate: option '--bench-include' needs a value\n");
    }

    @Test
    void gate_confirmNotANumber_exitsTwoNamingTheRuleAndCreatesNothing() {
        assertThat(perf.run("gate", "--run", dir.resolve("run").toString(), "--confirm", "yes"))
                .isEqualTo(2);
        assertThat(perf.err()).contains("perf gate: '--confirm' must be a number of rounds from 0 to 9, got: 'yes'");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void gate_unknownBenchMode_exitsTwoNamingTheModes() {
        assertThat(perf.run("gate", "--run", dir.resolve("run").toString(), "--bench-mode", "fast"))
                .isEqualTo(2);
        assertThat(perf.err()).contains("perf gate: '--bench-mode' must be quick, full or smoke, got: 'fast'");
    }

    @Test
    void gate_optionGivenTwice_takesTheLast() {
        perf.run(
                "gate",
                "--run",
                dir.resolve("run").toString(),
                "--history",
                dir.resolve("h.db").toString(),
                "--no-history",
                "--duration",
                "9s",
                "--duration",
                "3s");

        assertThat(perf.out()).contains("load: steady for 3s");
        assertThat(dir.resolve("h.db")).doesNotExist();
    }

    @Test
    void load_unknownScenario_exitsTwoListingTheScenarios() {
        assertThat(perf.run("load", "stampede")).isEqualTo(2);
        assertThat(perf.err())
                .contains("perf load: unknown scenario 'stampede' (steady, arrival, compare, cache, fallback,"
                        + " overload, soak, session, replay)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0/2", "3/2", "x", "1/0", "-1/2"})
    void load_badInjector_exitsTwoNamingTheRuleAndTheValue(String injector) {
        assertThat(perf.run("load", "steady", "--injector", injector)).isEqualTo(2);
        assertThat(perf.err())
                .contains("perf load: --injector must be K/N, injector K of N with 1 <= K <= N (e.g. 1/2), got: '"
                        + injector + "'");
        assertThat(perf.children().started()).isEmpty();
    }

    @Test
    void load_badStartTime_exitsTwoWithAnExample() {
        assertThat(perf.run("load", "arrival", "--injector", "1/2", "--start-at", "9am"))
                .isEqualTo(2);
        assertThat(perf.err())
                .contains("perf load: --start-at must be an instant in UTC such as 2026-12-07T09:00:00Z, got: '9am'");
    }

    @Test
    void load_compareSharedBetweenInjectors_exitsTwoNamingWhatCanBeShared() {
        assertThat(perf.run("load", "compare", "--injector", "1/2")).isEqualTo(2);
        assertThat(perf.err())
                .contains("the compare scenario runs in one generator; steady, arrival, cache, fallback, overload,"
                        + " soak and session can be shared");
    }

    @Test
    void load_noScenario_exitsTwoWithTheUsage() {
        assertThat(perf.run("load")).isEqualTo(2);
        assertThat(perf.err()).startsWith("Usage: scripts/perf load");
    }

    @Test
    void compareModels_oneModel_exitsTwoSayingItNeedsTwo() {
        assertThat(perf.run("compare-models", "--models", "quick:latest")).isEqualTo(2);
        assertThat(perf.err()).contains("perf compare-models: --models needs two models or more, comma-separated");
        assertThat(perf.children().started()).isEmpty();
    }

    @Test
    void report_missingRunFolder_exitsTwoAsTheReportsSay() {
        assertThat(perf.run("report", dir.resolve("nope").toString())).isEqualTo(2);
        assertThat(perf.err()).contains("error: run folder " + dir.resolve("nope") + ": no such folder");
    }

    @Test
    void bench_childFails_exitsWithTheChildsStatus() {
        perf.children().on("jmh", FakeScript.failing(2));

        assertThat(perf.run("bench", "--no-such-option")).isEqualTo(2);
        assertThat(perf.children().last("jmh").spec().command()).endsWith("--no-such-option");
    }

    @Test
    void exitCode_ofChildStatuses_mapsUnknownOnesToInternal() {
        assertThat(ExitCode.of(3)).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(ExitCode.of(143)).isEqualTo(ExitCode.INTERNAL);
        assertThat(ExitCode.of(130)).isEqualTo(ExitCode.INTERRUPTED);
    }
}
