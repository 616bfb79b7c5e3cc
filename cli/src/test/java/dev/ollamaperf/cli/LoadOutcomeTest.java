package dev.ollamaperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gatling's exit codes are mapped onto perf's, never passed through (its 2 is not a usage error). */
final class LoadOutcomeTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final FileTime started = FileTime.from(Instant.now().minusSeconds(5));

    @Test
    void exitCode_assertionsFailedWithResults_isABudgetFailure() throws Exception {
        writeMetrics(Instant.now());

        assertThat(code(LoadOutcome.GATLING_ASSERTIONS_FAILED)).isEqualTo(ExitCode.FAIL.code());
        assertThat(text()).contains("objectives failed");
    }

    @Test
    void exitCode_noResults_isTargetUnreachable() throws Exception {
        assertThat(code(1)).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(text()).contains("wrote no results (Gatling exit 1)");
    }

    @Test
    void exitCode_onlyResultsOfAnEarlierRun_isTargetUnreachable() throws Exception {
        writeMetrics(Instant.now().minusSeconds(3600));

        assertThat(code(2)).isEqualTo(ExitCode.UNREACHABLE.code());
    }

    @Test
    void exitCode_targetStoppedAnsweringAfterResults_isTargetUnreachableAndAddsNothingToTheChildsLine()
            throws Exception {
        writeMetrics(Instant.now());

        assertThat(code(LoadOutcome.TARGET_STOPPED_ANSWERING)).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(text()).isEmpty();
    }

    @Test
    void exitCode_crashAfterResults_isInternal() throws Exception {
        writeMetrics(Instant.now());

        assertThat(code(1)).isEqualTo(ExitCode.INTERNAL.code());
    }

    @Test
    void exitCode_successOrInterrupt_isKept() throws Exception {
        assertThat(code(0)).isZero();
        assertThat(code(130)).isEqualTo(130);
        assertThat(text()).isEmpty();
    }

    private int code(int gatlingStatus) throws Exception {
        return LoadOutcome.exitCode(
                gatlingStatus, dir.resolve("load"), started, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private void writeMetrics(Instant modified) throws Exception {
        Path file = Files.createDirectories(dir.resolve("load")).resolve("metrics.json");
        Files.writeString(file, "{}");
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    private String text() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
