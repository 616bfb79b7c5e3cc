package dev.ollamaperf.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * A child that runs a {@link FakeScript} in {@link #waitFor()}, on the caller's thread, instead of a process.
 * {@link #stop()} is recorded and ends {@link #runUntilStopped()}. It reads its run folder and settings from
 * its command line as the real children do ({@code --run DIR}, {@code -Dollama.perf.run=DIR}), and writes
 * the fixture run's files where they would.
 */
final class FakeChild implements Child {

    /** The stand-in run: JMH results, one load scenario (steady, two models), server.json. */
    private static final String FIXTURE = "/dev/ollamaperf/cli/fixture-run/";

    private final ChildSpec spec;
    private final FakeScript script;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean stopped;
    private Integer status;

    FakeChild(ChildSpec spec, FakeScript script) {
        this.spec = spec;
        this.script = script;
    }

    ChildSpec spec() {
        return spec;
    }

    /** Whether {@link #stop()} was called. */
    boolean stopped() {
        return stopped;
    }

    /** The command line after the program, as one string, for assertions. */
    String commandLine() {
        return String.join(" ", spec.command());
    }

    @Override
    public synchronized int waitFor() throws InterruptedException {
        if (status == null) {
            try {
                status = script.run(this);
            } catch (InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("fake child " + spec.name() + " failed", e);
            }
        }
        return status;
    }

    @Override
    public void stop() {
        stopped = true;
        stop.countDown();
    }

    /** Blocks until stopped; returns 143 (SIGTERM). */
    int runUntilStopped() throws InterruptedException {
        stop.await();
        return 143;
    }

    /** Prints a line as the child would: to its log and its line listener. */
    void print(String line) {
        if (spec.detached()) {
            try {
                Files.createDirectories(spec.log().getParent());
                Files.writeString(
                        spec.log(),
                        line + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            spec.lines().accept(line);
        }
    }

    /** The value of {@code -Dollama.perf.<setting>} in the command line (the last one). */
    Optional<String> setting(String setting) {
        return new LoadFlags(spec.command().stream()
                        .filter(a -> a.startsWith("-D") && a.contains("="))
                        .toList())
                .value(setting);
    }

    /** The value after {@code option} in the command line. */
    Optional<String> option(String option) {
        List<String> command = spec.command();
        int i = command.indexOf(option);
        return i < 0 || i + 1 >= command.size() ? Optional.empty() : Optional.of(command.get(i + 1));
    }

    /**
     * Writes what this kind of child writes when it succeeds: JMH its results.json into {@code --run}; a load
     * scenario its metrics file into {@code -Dollama.perf.run}'s load/, the fixture's scenario renamed after
     * it; the target check a line saying it is ready.
     */
    void writeResults() throws IOException {
        String command = commandLine();
        if (command.contains(JavaCommands.TARGET_CHECK)) {
            print("target check: http://127.0.0.1:1 (emulator) is ready for llama3.2:latest");
        } else if (command.contains(JavaCommands.BENCHMARK_SUITE)) {
            Path run = Path.of(option("--run").orElse("target/perf/manual"));
            copy("jmh/results.json", run.resolve("jmh/results.json"), null);
        } else if (command.contains(JavaCommands.GATLING)) {
            Path load = Path.of(setting("run").orElseThrow()).resolve("load");
            String file = setting("metricsFile").orElse("metrics.json");
            String scenario =
                    file.equals("metrics.json") ? scenarioOf(command) : file.replaceAll("metrics-|\\.json", "");
            copy("load/metrics.json", load.resolve(file), scenario);
            copy("load/server.json", load.resolve("server.json"), null);
        }
    }

    private static String scenarioOf(String command) {
        return command.contains(Scenario.COMPARE.simulation()) ? "compare" : "steady";
    }

    private static void copy(String fixture, Path to, String scenario) throws IOException {
        try (InputStream in = FakeChild.class.getResourceAsStream(FIXTURE + fixture)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + FIXTURE + fixture);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (scenario != null) {
                text = text.replace("\"scenario\" : \"steady\"", "\"scenario\" : \"" + scenario + "\"");
            }
            Files.createDirectories(to.toAbsolutePath().getParent());
            Files.writeString(to, text, StandardCharsets.UTF_8);
        }
    }
}
