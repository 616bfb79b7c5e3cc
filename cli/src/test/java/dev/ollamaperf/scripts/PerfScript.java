package dev.ollamaperf.scripts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Runs the real {@code scripts/perf} as a user would: {@code bash scripts/perf ...} from the
 * repository root, in its own process, output (stdout and stderr) to a file. The launcher starts the
 * perf program (cli/) in its place ({@code exec}), so the process is perf's JVM.
 *
 * <p>Every run gets {@code PERF_NO_BUILD=1}: the reactor built the jars before these tests
 * (integration-test phase), so a script that wanted to build would be testing stale jars; it fails
 * loudly instead of starting a nested Maven. The inherited {@code OLLAMA_*} variables are removed
 * (the target is the embedded emulator unless a test says otherwise), and {@code jmh.ignoreLock} is
 * set because other builds on a shared machine may hold JMH's lock file; the JMH numbers of these
 * tests decide nothing.
 *
 * <p>Runs start under {@code env --default-signal=INT}: a JVM started with SIGINT ignored (a
 * background job of a non-interactive shell, e.g. a CI step) passes that on, and bash cannot trap a
 * signal that was ignored when it started, so the Ctrl-C tests would not test the script.
 */
final class PerfScript {

    private final Path root;
    private final Path output;
    private final Map<String, String> env;
    private Process process;

    /**
     * @param output file that receives the script's stdout and stderr
     * @param env    variables added to the cleaned environment
     */
    PerfScript(Path output, Map<String, String> env) {
        this(output, env, repositoryRoot());
    }

    /** A run of the {@code scripts/perf} of another checkout (a copy of the launcher, to test it alone). */
    PerfScript(Path output, Map<String, String> env, Path root) {
        this.root = root;
        this.output = output;
        this.env = Map.copyOf(env);
    }

    /** The repository root: the parent of this module's folder, where {@code scripts/perf} lives. */
    static Path repositoryRoot() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath();
        Path root = module.getParent();
        if (root == null
                || !Files.isRegularFile(root.resolve("scripts/perf"))
                || !Files.isRegularFile(root.resolve("mvnw"))) {
            throw new IllegalStateException("the repository root must be the parent of the cli module (" + module
                    + ") and hold scripts/perf and mvnw; got: " + root);
        }
        return root;
    }

    /** Starts {@code scripts/perf args...}; see {@link #await(Duration)}. */
    PerfScript start(String... args) {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT", "bash", "scripts/perf"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().keySet().removeIf(name -> name.startsWith("OLLAMA_") || name.startsWith("PERF_"));
        builder.environment().put("PERF_NO_BUILD", "1");
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Djmh.ignoreLock=true");
        builder.environment().putAll(env);
        try {
            process = builder.start();
            process.getOutputStream().close();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start scripts/perf in " + root, e);
        }
    }

    /** Runs {@code scripts/perf args...} to its end (at most {@code limit}) and returns its exit status. */
    int run(Duration limit, String... args) throws InterruptedException {
        return start(args).await(limit);
    }

    /**
     * Waits for the script to end.
     *
     * @return its exit status
     * @throws AssertionError naming the output file when it runs longer than {@code limit} (it is killed)
     */
    int await(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("scripts/perf ran longer than " + limit + "; output so far:\n" + output());
        }
        return process.exitValue();
    }

    /** Waits until the output satisfies {@code condition}, at most {@code limit}. */
    void awaitOutput(Predicate<String> condition, String what, Duration limit) throws InterruptedException {
        awaitFile(output, condition, what, limit);
    }

    /** Waits until {@code file} exists and its text satisfies {@code condition}, at most {@code limit}. */
    void awaitFile(Path file, Predicate<String> condition, String what, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(file) && condition.test(read(file))) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("scripts/perf ended (exit " + process.exitValue() + ") before " + what
                        + "; output:\n" + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + what + " within " + limit + "; output:\n" + output());
    }

    /** Sends SIGINT (what Ctrl-C sends) to the script's own process, not to its children. */
    void interrupt() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -INT " + process.pid() + " failed");
        }
    }

    /** The processes the script started that are running now (children and theirs). */
    List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    /** Stops a script that runs until stopped (e.g. {@code perf emulator}), its children first. */
    void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    /** Everything the script printed so far. */
    String output() {
        return Files.isRegularFile(output) ? read(output) : "";
    }

    /** Deletes {@code folder} and everything in it, if it exists. */
    static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
