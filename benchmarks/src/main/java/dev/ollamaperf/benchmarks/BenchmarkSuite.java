package dev.ollamaperf.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the JMH suite the way the gate needs it: always JSON, always with the GC profiler (so B/op is
 * recorded), into {@code <run>/jmh/results.json}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar --mode quick --run target/perf/manual
 * </pre>
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true,
        description = "Runs the ollama-perf JMH suite and writes <run>/jmh/results.json.")
public final class BenchmarkSuite implements Callable<Integer> {

    /** Exit code when a benchmark failed or JMH could not run. */
    static final int EXIT_BENCHMARK_FAILED = 4;

    @Option(names = "--mode", defaultValue = "quick",
            description = "quick (CI, about 3 minutes) or full (real measurements). Default: quick.")
    private BenchmarkMode mode;

    @Option(names = "--run", defaultValue = "target/perf/manual",
            description = "Run folder; results go to <run>/jmh/results.json. Default: ${DEFAULT-VALUE}.")
    private Path runFolder;

    @Option(names = "--include", defaultValue = "dev\\.ollamaperf\\.benchmarks\\..*",
            description = "Regular expression of benchmarks to run. Default: all of the suite.")
    private String include;

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "Fix a @Param to one value (repeatable), e.g. --param messages=50.")
    private Map<String, String> params = new LinkedHashMap<>();

    private final PrintStream out;

    /** A suite that prints to standard output. */
    public BenchmarkSuite() {
        this(System.out);
    }

    BenchmarkSuite(PrintStream out) {
        this.out = out;
    }

    /** Command-line entry point; exits with 0, 2 (usage) or 4 (a benchmark failed). */
    public static void main(String[] args) {
        System.exit(commandLine(new BenchmarkSuite()).execute(args));
    }

    static CommandLine commandLine(BenchmarkSuite suite) {
        return new CommandLine(suite).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public Integer call() throws Exception {
        Path results = runFolder.resolve("jmh").resolve("results.json");
        Files.createDirectories(results.getParent());
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .addProfiler(GCProfiler.class)
                .resultFormat(ResultFormatType.JSON)
                .result(results.toString())
                .shouldFailOnError(true);
        params.forEach(options::param);
        out.printf("Running JMH suite (%s mode, benchmarks matching %s)%n", mode, include);
        try {
            Collection<RunResult> ran = new Runner(mode.applyTo(options).build()).run();
            out.printf("%d benchmark configurations measured; results: %s%n", ran.size(), results);
            return 0;
        } catch (RunnerException e) {
            out.printf("Benchmark run failed: %s%nPartial results, if any: %s%n", e.getMessage(), results);
            return EXIT_BENCHMARK_FAILED;
        }
    }
}
