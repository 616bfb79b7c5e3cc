package dev.ollamaperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the gate judges with (the budget file, {@code --baseline}, the history) is read before anything is measured:
 * a missing or malformed one ends the gate with exit 2 at once, naming the file, with no child started and no run
 * folder made (it used to say so after the whole run, minutes later).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class GateInputsTest {

    @TempDir
    Path dir;

    private PerfHarness perf;
    private Path run;

    @BeforeEach
    void checkout() {
        perf = new PerfHarness(dir.resolve("checkout"));
        run = dir.resolve("run");
    }

    @Test
    void gate_budgetFileMissing_exitsTwoBeforeMeasuringAnything() {
        Path missing = dir.resolve("no-such-budgets.yaml");

        int status = perf.run("gate", "--run", run.toString(), "--no-history", "--budgets", missing.toString());

        assertThat(status).isEqualTo(2);
        assertThat(perf.err())
                .contains("perf gate: " + missing + ":0: budget file not found")
                .contains("perf gate: nothing was run (exit 2)");
        assertNothingRan();
    }

    @Test
    void gate_budgetFileMalformed_exitsTwoNamingItsLine() throws IOException {
        Path budgets = Files.writeString(
                dir.resolve("budgets.yaml"), "version: 1\nbudgets:\n  - select: \"load.*\"\n    limit: <= fast\n");

        int status = perf.run("gate", "--run", run.toString(), "--no-history", "--budgets", budgets.toString());

        assertThat(status).isEqualTo(2);
        assertThat(perf.err()).contains("perf gate: " + budgets + ":4: ");
        assertNothingRan();
    }

    @Test
    void gate_baselineNotThere_exitsTwoNamingIt() {
        Path missing = dir.resolve("no-such-run");

        int status = perf.run("gate", "--run", run.toString(), "--no-history", "--baseline", missing.toString());

        assertThat(status).isEqualTo(2);
        assertThat(perf.err()).contains("perf gate: baseline " + missing + ": no such run folder or results.json");
        assertNothingRan();
    }

    @Test
    void gate_baselineResultsMalformed_exitsTwoNamingIt() throws IOException {
        Path results = Files.writeString(dir.resolve("results.json"), "{\"version\": 1, \"metrics\": [");

        int status = perf.run("gate", "--run", run.toString(), "--no-history", "--baseline", results.toString());

        assertThat(status).isEqualTo(2);
        assertThat(perf.err()).contains("perf gate: baseline " + results + ": ");
        assertNothingRan();
    }

    @Test
    void gate_historyThatIsNotOne_exitsTwoNamingItAndLeavesItAlone() throws IOException {
        Path history = Files.writeString(dir.resolve("history.db"), "these are not the runs you are looking for");

        int status = perf.run("gate", "--run", run.toString(), "--history", history.toString());

        assertThat(status).isEqualTo(2);
        assertThat(perf.err()).contains("perf gate: " + history + ": ");
        assertThat(history).content().isEqualTo("these are not the runs you are looking for");
        assertNothingRan();
    }

    @Test
    void gate_benchIncludeThatIsNotARegex_exitsTwoNamingIt() {
        int status = perf.run("gate", "--run", run.toString(), "--no-history", "--bench-include", "Cache(");

        assertThat(status).isEqualTo(2);
        assertThat(perf.err())
                .contains("perf gate: '--bench-include' must be a regular expression of benchmark names, got:"
                        + " 'Cache(' (Unclosed group)");
        assertNothingRan();
    }

    @Test
    void gate_jmhRefusesItsOptions_showsWhatItSaidAndExitsTwo() {
        perf.children()
                .on("jmh", FakeScript.failing(2, "Running the JMH suite", "perf bench: no benchmark matches 'Nope'"));

        int status = perf.run("gate", "--run", run.toString(), "--no-history", "--bench-include", "Nope");

        assertThat(status).isEqualTo(2);
        assertThat(perf.err()).contains("perf bench: no benchmark matches 'Nope'");
        assertThat(perf.children().names()).containsExactly("target-check", "jmh");
    }

    private void assertNothingRan() {
        assertThat(perf.children().names()).as(perf.output()).isEmpty();
        assertThat(run).doesNotExist();
    }
}
