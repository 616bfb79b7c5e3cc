package dev.ollamaperf.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.results.EnvironmentInfo;
import dev.ollamaperf.results.FormatFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code environment} writes a file the reader accepts, describing this machine and the given target. */
final class EnvironmentCommandTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void environment_runFolder_writesAReadableEnvironmentJson(@TempDir Path run) {
        StringWriter out = new StringWriter();
        int exit = PerfReports.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))
                .execute(
                        "environment",
                        run.resolve("gate").toString(),
                        "--target-kind",
                        "ollama",
                        "--endpoint",
                        "http://127.0.0.1:11434",
                        "--setting",
                        "gate.duration=20s");

        assertThat(exit).isZero();
        EnvironmentInfo info = FormatFiles.readEnvironment(run.resolve("gate/environment.json"));
        assertThat(info.cpu().get("cores"))
                .isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
        assertThat(info.jvm().get("version")).isEqualTo(System.getProperty("java.version"));
        assertThat(info.target()).containsEntry("kind", "ollama").containsEntry("endpoints", "http://127.0.0.1:11434");
        assertThat(info.settings()).containsEntry("gate.duration", "20s");
        assertThat(info.runId()).startsWith(info.startedAt().replace(':', '-'));
        assertThat(out.toString()).contains("environment.json");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void environment_twoRunsOfOneCommitWithinASecond_getDistinctRunIds(@TempDir Path dir) {
        String first = environment(dir.resolve("a")).runId();
        String second = environment(dir.resolve("b")).runId();

        assertThat(second)
                .as("the history keys runs by id: equal ids would replace the earlier run")
                .isNotEqualTo(first);
    }

    private static EnvironmentInfo environment(Path run) {
        int exit = PerfReports.commandLine(
                        new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true))
                .execute("environment", run.toString(), "--target-kind", "emulator", "--endpoint", "embedded");
        assertThat(exit).isZero();
        return FormatFiles.readEnvironment(run.resolve("environment.json"));
    }
}
