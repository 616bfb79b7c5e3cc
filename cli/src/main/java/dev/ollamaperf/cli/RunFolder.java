package dev.ollamaperf.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the children of a run write their output: {@code <run>/logs/<name>.log}. */
final class RunFolder {

    private RunFolder() {}

    /** The log of child {@code name} of the run in {@code dir}. */
    static Path log(Path dir, String name) {
        return dir.resolve("logs").resolve(name + ".log");
    }

    /** Creates {@code dir/logs} (and {@code dir}). */
    static void createLogs(Path dir) {
        try {
            Files.createDirectories(dir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir.resolve("logs"), e);
        }
    }
}
