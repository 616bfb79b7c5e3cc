package dev.ollamaperf.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where things are in a checkout: the jars {@code perf} starts and the files it defaults to. Jar names
 * carry no version (each POM's {@code finalName} / {@code outputFile}), so nothing here changes with a
 * release.
 *
 * @param root the repository root (scripts/perf passes it as {@code -Dperf.root})
 * @param java the java executable children run with: this JVM's own
 */
public record Layout(Path root, Path java) {

    /** The system property scripts/perf sets to the repository root. */
    public static final String ROOT_PROPERTY = "perf.root";

    /** The command that builds every jar {@code perf} needs (what scripts/perf runs when one is stale). */
    public static final String BUILD_COMMAND = "./mvnw -B -q -pl cli -am package -DskipTests";

    public Layout {
        root = root.toAbsolutePath().normalize();
        Objects.requireNonNull(java, "java");
    }

    /** The layout of this JVM: {@code -Dperf.root}, else the working directory; this JVM's java. */
    public static Layout ofThisJvm() {
        return new Layout(
                Path.of(System.getProperty(ROOT_PROPERTY, System.getProperty("user.dir"))),
                Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /** The JMH jar: JMH's own main class, and {@code dev.ollamaperf.benchmarks.BenchmarkSuite} by name. */
    public Path benchmarksJar() {
        return required(root.resolve("benchmarks/target/ollama-perf-benchmarks.jar"));
    }

    /** The load-tests jar (Gatling scenarios, the target check) and its runtime class path. */
    public String loadTestsClassPath() {
        return classPath("load-tests/target/ollama-perf-load-tests.jar", "load-tests/target/runtime-classpath.txt");
    }

    /** The recorder's jar (record-profile) and its runtime class path. */
    public String recorderClassPath() {
        return classPath("recorder/target/ollama-perf-recorder.jar", "recorder/target/runtime-classpath.txt");
    }

    /** The emulator's runnable jar. */
    public Path emulatorJar() {
        return required(root.resolve("emulator/target/ollama-perf-emulator.jar"));
    }

    /** The shipped budget file, when the checkout has one. */
    public Path defaultBudgets() {
        return root.resolve("perf-budgets.yaml");
    }

    /** Where runs go unless {@code --run} says otherwise. */
    public Path runs() {
        return root.resolve("target/perf/runs");
    }

    /** The gate's history unless {@code --history} says otherwise. */
    public Path defaultHistory() {
        return root.resolve("target/perf/history.db");
    }

    /** A thin jar followed by the class path its POM wrote beside it (maven-dependency-plugin's build-classpath). */
    private String classPath(String jarPath, String classPathFile) {
        Path jar = required(root.resolve(jarPath));
        Path file = required(root.resolve(classPathFile));
        try {
            return jar
                    + File.pathSeparator
                    + Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private Path required(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("perf: " + root.relativize(file) + " is missing; build it with " + BUILD_COMMAND
                    + " (scripts/perf does this when it starts)");
        }
        return file;
    }
}
