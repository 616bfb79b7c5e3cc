package dev.ollamaperf.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code perf} in-process on a stand-in checkout: empty files where the jars go (children are
 * {@link FakeChildren}), captured output, a fixed clock, Ctrl-C by {@link #interrupts()}.{@code signal()}.
 * Each progress line's clock reads one second later than the one before.
 */
final class PerfHarness {

    /** The instant the fixed clock reads: run folders are named after it. */
    static final Instant NOW = Instant.parse("2026-11-26T16:05:00Z");

    /** The repository's {@code perf-budgets.yaml}, the budgets a user's gate checks. */
    static Path shippedBudgets() {
        return Path.of(System.getProperty("basedir", "."))
                .toAbsolutePath()
                .getParent()
                .resolve("perf-budgets.yaml");
    }

    private final Path root;
    private final FakeChildren children = new FakeChildren();
    private ChildLauncher launcher = children;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    private final Interrupts interrupts = new Interrupts(handler -> {}, errStream);
    private final Map<String, String> env = new HashMap<>();
    private final AtomicLong nanos = new AtomicLong();

    /** A checkout at {@code root} with every jar perf starts (empty files) and no budget file. */
    PerfHarness(Path root) {
        this.root = root;
        try {
            for (String jar : new String[] {
                "benchmarks/target/ollama-perf-benchmarks.jar",
                "load-tests/target/ollama-perf-load-tests.jar",
                "recorder/target/ollama-perf-recorder.jar",
                "emulator/target/ollama-perf-emulator.jar"
            }) {
                Files.createDirectories(root.resolve(jar).getParent());
                Files.writeString(root.resolve(jar), "");
            }
            Files.writeString(
                    root.resolve("load-tests/target/runtime-classpath.txt"), "/m2/gatling.jar:/m2/netty.jar\n");
            Files.writeString(
                    root.resolve("recorder/target/runtime-classpath.txt"), "/m2/client.jar:/m2/emulator.jar\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on children are started by {@code other} instead of {@link #children()}. */
    PerfHarness startingChildrenWith(ChildLauncher other) {
        launcher = other;
        return this;
    }

    Path root() {
        return root;
    }

    FakeChildren children() {
        return children;
    }

    Interrupts interrupts() {
        return interrupts;
    }

    /** The environment perf sees (empty: the embedded emulator is the target). */
    Map<String, String> env() {
        return env;
    }

    /** Runs {@code perf args...} to its end; returns the exit status. */
    int run(String... args) {
        Context context = new Context(
                new Layout(root, Path.of("/jdk/bin/java")),
                env,
                outStream,
                errStream,
                Clock.fixed(NOW, ZoneOffset.UTC),
                () -> nanos.addAndGet(1_000_000_000L),
                launcher,
                interrupts);
        return new Perf(context).run(args);
    }

    /** Everything perf printed to stdout. */
    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Everything perf printed to stderr. */
    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Both, for assertion messages. */
    String output() {
        return "stdout:\n" + out() + "\nstderr:\n" + err();
    }
}
