package dev.ollamaperf.reports.cli;

import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.read.ResultsReader;
import dev.ollamaperf.reports.read.RunReader;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads what the subcommands are given: a run folder, or a {@code results.json} written by an earlier report. */
final class Inputs {

    private Inputs() {}

    /** Reads a run folder or a {@code results.json}; names the path when it is neither. */
    static RunResult run(Path path, String role) {
        if (Files.isDirectory(path)) {
            return new RunReader().read(path);
        }
        if (Files.isRegularFile(path)) {
            return new ResultsReader().read(path);
        }
        throw new InputException(role + " " + path + ": no such folder or file");
    }

    /** Returns the folder of a run given as a folder or as its {@code results.json}. */
    static Path folder(Path path) {
        Path abs = path.toAbsolutePath();
        return Files.isDirectory(abs) ? abs : abs.getParent();
    }
}
