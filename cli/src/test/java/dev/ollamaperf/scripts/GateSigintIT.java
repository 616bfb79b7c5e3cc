package dev.ollamaperf.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real Ctrl-C (SIGINT to perf's own process, as a terminal sends it) during the JMH suite of a real gate:
 * perf's JVM takes the signal instead of dying, stops the JMH runner and its forked benchmark JVM at once,
 * leaves no JVM behind, starts no load step and exits 130. What the gate does on Ctrl-C in each of its steps
 * is tested in-process (cli's {@code GateInterruptTest}); that detached children ignore the terminal's SIGINT,
 * with real processes, in cli's {@code ProcessLauncherTest}. The run goes to {@code target/gate-interrupt/}.
 */
final class GateSigintIT {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void gate_ctrlCDuringJmh_stopsPromptly() throws Exception {
        Path work = PerfScript.repositoryRoot().resolve("cli/target/gate-sigint");
        PerfScript.deleteRecursively(work);
        Files.createDirectories(work);
        Path run = work.resolve("run");
        PerfScript script = new PerfScript(work.resolve("gate.out"), Map.of())
                .start(
                        "gate",
                        "--run",
                        run.toString(),
                        "--no-history",
                        "--duration",
                        "4s",
                        "--bench-include",
                        "LimiterBenchmark.acquireRelease_uncontended");
        script.awaitFile(
                run.resolve("logs/jmh.log"),
                log -> log.contains("# Warmup Iteration"),
                "the first JMH warm-up iteration",
                Duration.ofMinutes(2));
        List<ProcessHandle> started = script.descendants();
        long signalled = System.nanoTime();

        script.interrupt();
        int status = script.await(Duration.ofMinutes(1));

        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - signalled);
        assertThat(started).as("the JMH runner and its forked benchmark JVM").isNotEmpty();
        for (ProcessHandle process : started) {
            assertThat(process.onExit())
                    .as("%s is left running", process.info().commandLine().orElse("?"))
                    .succeedsWithin(Duration.ofSeconds(15));
        }
        assertThat(status).as(script.output()).isEqualTo(130);
        assertThat(seconds)
                .as("stopped promptly (20 s allows for a loaded 2-core machine; the suite alone"
                        + " would run on for about 2.5 minutes)")
                .isLessThan(20);
        assertThat(script.output()).contains("interrupted before anything was measured");
        assertThat(run.resolve("load")).as("no load step starts after Ctrl-C").doesNotExist();
        assertThat(run.resolve("jmh/results.json")).doesNotExist();
    }
}
