package dev.ollamaperf.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;

/**
 * What {@code perf load} exits with, from the Gatling child's status: Gatling's own codes (2 when its
 * assertions failed, 1 when the simulation crashed) mean something else in {@code perf}'s list (2 is a usage
 * error), so they are mapped, never passed through. The scenario's objectives failing is 1; a scenario that
 * wrote no results (the preflight refused the target) is 3, and so is one whose target stopped answering mid-run
 * (the load JVM's own 3, after its one line saying when and where the metrics are); any other failure is 4.
 */
final class LoadOutcome {

    /** Gatling's status when the simulation ran and its assertions (the scenario's objectives) failed. */
    static final int GATLING_ASSERTIONS_FAILED = 2;
    /** The load JVM's status when the target stopped answering mid-run and its metrics were written (LoadMain). */
    static final int TARGET_STOPPED_ANSWERING = 3;

    private LoadOutcome() {}

    /**
     * @param status the Gatling child's exit status
     * @param loadFolder the run's {@code load/} folder
     * @param since when the child started: only results written since count
     */
    static int exitCode(int status, Path loadFolder, FileTime since, PrintStream err) throws IOException {
        if (status == ExitCode.PASS.code() || status == ExitCode.INTERRUPTED.code()) {
            return status;
        }
        if (!wroteResults(loadFolder, since)) {
            err.println("perf load: the scenario wrote no results (Gatling exit " + status + "); the target may be "
                    + "unreachable or lack a model: see the messages above");
            return ExitCode.UNREACHABLE.code();
        }
        if (status == TARGET_STOPPED_ANSWERING) {
            // The child's last line said when and where its metrics are.
            return ExitCode.UNREACHABLE.code();
        }
        if (status == GATLING_ASSERTIONS_FAILED) {
            err.println("perf load: the scenario's objectives failed (results in " + loadFolder + ")");
            return ExitCode.FAIL.code();
        }
        err.println(
                "perf load: the scenario failed (Gatling exit " + status + "); what it measured is in " + loadFolder);
        return ExitCode.INTERNAL.code();
    }

    private static boolean wroteResults(Path loadFolder, FileTime since) throws IOException {
        if (!Files.isDirectory(loadFolder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(loadFolder)) {
            return files.filter(f -> f.getFileName().toString().matches("metrics.*\\.json"))
                    .anyMatch(f -> {
                        try {
                            return Files.getLastModifiedTime(f).compareTo(since) >= 0;
                        } catch (IOException e) {
                            return false;
                        }
                    });
        }
    }
}
